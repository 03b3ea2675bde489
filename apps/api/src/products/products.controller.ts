import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, Product } from '@flashline/contracts';
import { Public, Roles } from '@api/common/auth';
import { ApiErrors } from '@api/common/errors';
import { CreateProductDto } from './dto/create-product.dto';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductDto, ProductPageDto } from './dto/product.dto';
import { ProductIdParams } from './dto/product-id.params';
import { UpdateProductDto } from './dto/update-product.dto';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from '@api/common/http';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Active products by name, a page at a time; `q` searches names' })
  @ApiOkResponse({ type: ProductPageDto })
  @ApiErrors('VALIDATION_FAILED', 'SERVICE_UNAVAILABLE')
  list(@Query() query: ListProductsQuery): Promise<Page<Product>> {
    return this.products.list(query);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'One product, archived ones included' })
  @ApiOkResponse({ type: ProductDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  get(@Param() params: ProductIdParams): Promise<Product> {
    return this.products.findById(params.id);
  }

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a product; `stock` is recorded as its initial inventory movement' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE')
  create(@Body() body: CreateProductDto): Promise<Product> {
    return this.products.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change any fields; `stock` records the difference as an adjustment movement',
  })
  @ApiHeader({
    // The same name as @Headers below, so Swagger lists one optional header, not a required duplicate.
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Makes a retried stock change count once.',
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  update(
    @Param() params: ProductIdParams,
    @Body() body: UpdateProductDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey?: string,
  ): Promise<Product> {
    return this.products.update(params.id, body, parseIdempotencyKey(idempotencyKey));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Archive a product: hidden from lists, still readable by id' })
  @ApiNoContentResponse({ description: 'Archived (also when it already was).' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async archive(@Param() params: ProductIdParams): Promise<void> {
    await this.products.archive(params.id);
  }
}
