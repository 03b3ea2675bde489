import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Subject, startWith, switchMap } from 'rxjs';

import { HEALTH_DEPENDENCIES, HealthApi, type HealthCheck, type HealthDependency } from '../api/health.api';

type HealthView = HealthCheck | { state: 'loading'; status: null };

const DEPENDENCY_LABELS: Record<HealthDependency, string> = {
  mongo: 'MongoDB',
  redis: 'Redis',
};

/** The API's health in one line of the footer, with a "check again" button. */
@Component({
  selector: 'fl-api-status',
  templateUrl: './api-status.html',
  styleUrl: './api-status.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiStatus {
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

  protected checkAgain(): void {
    this.refresh$.next();
  }
}
