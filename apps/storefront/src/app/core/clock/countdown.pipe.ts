import { Pipe, type PipeTransform } from '@angular/core';

import { formatCountdown } from './countdown';

/** `{{ msLeft | countdown }}` → `04:59`, `01:04:59`, `2d 01:04:59`. */
@Pipe({ name: 'countdown' })
export class CountdownPipe implements PipeTransform {
  transform(ms: number): string {
    return formatCountdown(ms);
  }
}
