export type Role = 'shopper' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** `refresh` and `logout` take the token in the body or in the `httpOnly` cookie. */
export interface RefreshRequest {
  refreshToken?: string;
}

export interface AuthSession {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: User;
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
