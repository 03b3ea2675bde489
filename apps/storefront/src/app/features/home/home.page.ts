import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Subject, startWith, switchMap } from 'rxjs';

import {
  HEALTH_DEPENDENCIES,
  HealthApi,
  type HealthCheck,
  type HealthDependency,
} from '../../core/api/health.api';

type HealthView = HealthCheck | { state: 'loading'; status: null };

const DEPENDENCY_LABELS: Record<HealthDependency, string> = {
  mongo: 'MongoDB',
  redis: 'Redis',
};

@Component({
  selector: 'fl-home-page',
  templateUrl: './home.page.html',
  styleUrl: './home.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly healthApi = inject(HealthApi);
  private readonly refresh$ = new Subject<void>();

  protected readonly health = toSignal(
    this.refresh$.pipe(
      startWith(undefined),
      switchMap(() => this.healthApi.check().pipe(startWith<HealthView>({ state: 'loading', status: null }))),
    ),
    { requireSync: true },
  );

  protected readonly dependencies = computed(() => {
    const { status } = this.health();
    if (status === null) return [];
    return HEALTH_DEPENDENCIES.map((name) => ({ name, label: DEPENDENCY_LABELS[name], state: status[name] }));
  });

  protected readonly downLabels = computed(() =>
    this.dependencies()
      .filter((dependency) => dependency.state === 'down')
      .map((dependency) => dependency.label),
  );

  protected refresh(): void {
    this.refresh$.next();
  }
}
