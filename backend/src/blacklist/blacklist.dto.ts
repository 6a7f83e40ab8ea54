import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { BLACKLIST_STATUSES, type BlacklistStatus } from './blacklist-model.js';

export class BlacklistQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BLACKLIST_STATUSES, enumName: 'BlacklistStatus' })
  @IsOptional()
  @IsIn(BLACKLIST_STATUSES, { message: `status must be one of ${BLACKLIST_STATUSES.join(', ')}` })
  status?: BlacklistStatus;
}
