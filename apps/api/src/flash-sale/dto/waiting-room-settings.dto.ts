import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import {
  type CreateWaitingRoomRequest,
  DEFAULT_ADMISSION_SECONDS,
  DEFAULT_ADMIT_PER_SECOND,
  type WaitingRoomSettings,
} from '@flashline/contracts';
import { ADMISSION_SECONDS_RANGE, ADMIT_PER_SECOND_RANGE } from '../waiting-room-settings';

/** Like `@IsOptional()` but only for an absent field: `null` is still validated (and refused). */
const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** `waitingRoom` of `POST /api/flash-sales`: either field may be left out for its default. */
export class CreateWaitingRoomDto implements CreateWaitingRoomRequest {
  @ApiPropertyOptional({
    example: DEFAULT_ADMIT_PER_SECOND,
    default: DEFAULT_ADMIT_PER_SECOND,
    minimum: ADMIT_PER_SECOND_RANGE.min,
    maximum: ADMIT_PER_SECOND_RANGE.max,
    description: 'Tickets admitted per second, across every API process.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(ADMIT_PER_SECOND_RANGE.min)
  @Max(ADMIT_PER_SECOND_RANGE.max)
  admitPerSecond?: number;

  @ApiPropertyOptional({
    example: DEFAULT_ADMISSION_SECONDS,
    default: DEFAULT_ADMISSION_SECONDS,
    minimum: ADMISSION_SECONDS_RANGE.min,
    maximum: ADMISSION_SECONDS_RANGE.max,
    description: 'How long an admitted shopper may take to reserve.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(ADMISSION_SECONDS_RANGE.min)
  @Max(ADMISSION_SECONDS_RANGE.max)
  admissionSeconds?: number;
}

/** The contract's `WaitingRoomSettings`, for Swagger. */
export class WaitingRoomSettingsDto implements WaitingRoomSettings {
  @ApiProperty({ example: DEFAULT_ADMIT_PER_SECOND })
  admitPerSecond!: number;

  @ApiProperty({ example: DEFAULT_ADMISSION_SECONDS })
  admissionSeconds!: number;
}
