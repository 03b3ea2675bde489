export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  /** On-hand stock: the sum of the product's inventory movements. */
  stock: number;
  imageUrl?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateProductRequest {
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  stock: number;
  imageUrl?: string;
}

export type UpdateProductRequest = Partial<CreateProductRequest>;

export interface ProductListQuery {
  page?: number;
  limit?: number;
  q?: string;
}
