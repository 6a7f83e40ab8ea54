import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { AlertView } from './alerts.responses.js';
import { AlertsService } from './alerts.service.js';
import { DetectionSettingsView, UpdateDetectionSettingsDto } from './detection-settings.dto.js';
import { DetectionSettingsService } from './detection-settings.service.js';
import type { DetectionSettings } from './rule-model.js';

/** Roles that may change a customer's settings (a customer user only its own alert contacts and snooze). */
const WRITERS = ['admin', 'technician', 'customer'] as const;

@ApiTags('detection')
@Controller('customers/:id/detection')
export class DetectionSettingsController {
  constructor(private readonly settings: DetectionSettingsService) {}

  /** The customer's detection settings: detection disabled, destination allow-list, and its alerts. */
  @Roles(...STAFF, 'customer')
  @Get()
  @ApiOkResponse({ type: DetectionSettingsView })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<DetectionSettings> {
    return this.settings.get(p, id);
  }

  /** Staff change everything; a customer user its alert contacts and minimum severity. */
  @Roles(...WRITERS)
  @Patch()
  @ApiOkResponse({ type: DetectionSettingsView })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateDetectionSettingsDto,
    @CurrentUser() p: Principal,
  ): Promise<DetectionSettings> {
    return this.settings.update(p, id, dto);
  }

  /** Baselines raise nothing and no alert is mailed until midnight in the customer's time zone. */
  @Roles(...WRITERS)
  @Post('snooze')
  @HttpCode(200)
  @ApiOkResponse({ type: DetectionSettingsView })
  snooze(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<DetectionSettings> {
    return this.settings.snooze(p, id);
  }

  /** Ends a snooze. */
  @Roles(...WRITERS)
  @Delete('snooze')
  @ApiOkResponse({ type: DetectionSettingsView })
  unsnooze(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<DetectionSettings> {
    return this.settings.unsnooze(p, id);
  }
}

@ApiTags('detection')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** A detected event as its alert page shows it, with its day's traffic per hour against the normal. */
  @Roles(...STAFF, 'customer')
  @Get(':id')
  @ApiOkResponse({ type: AlertView })
  get(@Param('id') id: string, @CurrentUser() p: Principal): Promise<AlertView> {
    return this.alerts.get(p, id);
  }
}
