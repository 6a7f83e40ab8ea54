import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { PARAMS_DTOS } from './params-dtos.js';
import { BacktestDto, CreateRuleDto, UpdateRuleDto } from './rules.dto.js';
import { BacktestResultView, DetectionRuleList, DetectionRuleView, type RuleView } from './rules.responses.js';
import { RulesService } from './rules.service.js';

@ApiTags('detection')
@ApiExtraModels(...Object.values(PARAMS_DTOS))
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  /** Every detection rule, global first, each with when it last fired. */
  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: DetectionRuleList })
  list(): Promise<{ items: RuleView[] }> {
    return this.rules.list();
  }

  /** One rule, with its week and outcomes. */
  @Roles(...STAFF)
  @Get(':id')
  @ApiOkResponse({ type: DetectionRuleView })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RuleView> {
    return this.rules.get(id);
  }

  /** A new rule; global, or for one customer (it overrides the global rule of the same kind and filter). */
  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: DetectionRuleView })
  create(@Body() dto: CreateRuleDto, @CurrentUser() p: Principal): Promise<RuleView> {
    return this.rules.create(dto, p);
  }

  /**
   * What a rule, saved or not, would have raised over stored CDRs in [from, to]: the same detector code as the
   * live run, with no side effect (no event stored, no ticket, no restriction).
   */
  @Roles(...STAFF)
  @Post('backtest')
  @HttpCode(200)
  @ApiOkResponse({ type: BacktestResultView })
  backtest(@Body() dto: BacktestDto): Promise<BacktestResultView> {
    return this.rules.backtest(dto);
  }

  /** Renames, switches mode (shadow / live), enables or disables, or replaces the params. */
  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: DetectionRuleView })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRuleDto,
    @CurrentUser() p: Principal,
  ): Promise<RuleView> {
    return this.rules.update(id, dto, p);
  }
}
