import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Cart } from '@flashline/contracts';
import { type AuthUser, CurrentUser } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { CartService } from './cart.service';
import { CartDto } from './dto/cart.dto';
import { CartProductParams } from './dto/cart-product.params';
import { SetCartItemDto } from './dto/set-cart-item.dto';

/** The signed-in user's own cart; the user is always the token's, never a parameter. */
@ApiTags('cart')
@ApiBearerAuth()
@Controller('cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  @ApiOperation({ summary: 'Your cart with current prices, stock problems and totals' })
  @ApiOkResponse({ type: CartDto })
  @ApiErrors('UNAUTHENTICATED', 'SERVICE_UNAVAILABLE')
  get(@CurrentUser() user: AuthUser): Promise<Cart> {
    return this.cart.getCart(user.id);
  }

  @Put('items/:productId')
  @ApiOperation({ summary: 'Set the quantity of a product in your cart (adds the line if new)' })
  @ApiOkResponse({ type: CartDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE')
  setItem(
    @CurrentUser() user: AuthUser,
    @Param() params: CartProductParams,
    @Body() body: SetCartItemDto,
  ): Promise<Cart> {
    return this.cart.setQuantity(user.id, params.productId, body.quantity);
  }

  @Delete('items/:productId')
  @ApiOperation({ summary: 'Remove a product from your cart' })
  @ApiOkResponse({ type: CartDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'SERVICE_UNAVAILABLE')
  removeItem(@CurrentUser() user: AuthUser, @Param() params: CartProductParams): Promise<Cart> {
    return this.cart.removeLine(user.id, params.productId);
  }
}
