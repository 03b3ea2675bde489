import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Reservation } from '@flashline/contracts';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { CartCheckoutService } from './cart-checkout.service';
import { ReservationDto } from '@api/holds';

/** A checkout is a hold like a flash-sale reserve, from the same stock (the hold engine's HoldsStore). */
@ApiTags('cart')
@ApiBearerAuth()
@Controller('cart')
export class CartCheckoutController {
  constructor(private readonly checkout: CartCheckoutService) {}

  @Post('checkout')
  @ApiOperation({ summary: 'Hold every line of your cart, all or nothing; the held lines leave the cart' })
  @ApiCreatedResponse({ type: ReservationDto })
  @ApiErrors('UNAUTHENTICATED', 'CONFLICT', 'SOLD_OUT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  checkoutCart(@CurrentUser() user: AuthUser): Promise<Reservation> {
    return this.checkout.checkout(user.id);
  }
}
