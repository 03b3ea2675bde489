import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type FlashSale } from '@flashline/contracts';

import { CountdownPipe } from '../../../core/clock/countdown.pipe';
import { type LineView, describeCarts, describeWait } from './line-state';

/**
 * A waiting-room sale's line on the sale page, in place of a free-for-all Buy: join, your number, position,
 * people ahead and wait, the units left and in other shoppers' carts, then your turn with its countdown and
 * Buy. Renders what it is given; the page's
 * {@link WaitingRoomStore} decides. One box of reserved height for every state, so nothing below it jumps.
 */
@Component({
  selector: 'fl-waiting-room',
  imports: [RouterLink, CountdownPipe],
  templateUrl: './waiting-room.html',
  styleUrl: './waiting-room.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaitingRoom {
  readonly view = input.required<LineView>();
  readonly sale = input.required<FlashSale>();
  /** Free units now, from the stream. */
  readonly remaining = input.required<number>();
  /** Units in other shoppers' carts now (their active holds), from the stream. */
  readonly inOtherCarts = input(0);
  readonly signedIn = input.required<boolean>();
  /** Before `startsAt`: whoever joins now is in the draw. */
  readonly upcoming = input.required<boolean>();
  /** Whether the sale takes a reserve now (open, not paused, no purchase in flight). */
  readonly canBuy = input.required<boolean>();
  readonly buying = input(false);
  /** Joining, leaving or reading the ticket. */
  readonly busy = input(false);
  /** The polite live region's text: milestones only. */
  readonly announcement = input('');

  readonly joinLine = output();
  readonly leaveLine = output();
  readonly buy = output();
  readonly signIn = output();

  protected readonly eta = computed(() => {
    const view = this.view();
    return view.kind === 'waiting' ? describeWait(view.etaSeconds) : '';
  });
  protected readonly carts = computed(() => describeCarts(this.inOtherCarts()));
  protected readonly peopleAhead = computed(() => {
    const view = this.view();
    const ahead = view.kind === 'waiting' ? view.ahead : 0;
    return ahead === 1 ? '1 person' : `${ahead} people`;
  });
}
