import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction-kinds.js';

/** A restriction as typed so far: the preview says what is wrong with it rather than refusing it. */
export class RestrictionDraft {
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' })
  @IsIn(RESTRICTION_KINDS, { message: `kind must be one of ${RESTRICTION_KINDS.join(', ')}` })
  kind: RestrictionKind;

  @ApiProperty({ example: '192.0.2.0/24' })
  @IsString()
  @MaxLength(200)
  value: string;
}

export class RestrictionPreviewDto {
  @ApiProperty({ type: [RestrictionDraft] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RestrictionDraft)
  restrictions: RestrictionDraft[];
}

export class RestrictionPreviewItem {
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty({ description: 'In canonical form (CIDR text, the seat’s stored user id) when it is valid' })
  value: string;
  @ApiProperty({
    description:
      'What it blocks: "IP 192.0.2.0/24: 256 addresses, 3 of them registered to CASC003; …"; empty when invalid',
  })
  blocks: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is invalid, or what else it stops' })
  warning: string | null;
}

export class RestrictionPreviewList {
  @ApiProperty({ type: [RestrictionPreviewItem] }) items: RestrictionPreviewItem[];
}
