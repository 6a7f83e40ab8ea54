import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../../auth/principal.js';
import { STAFF } from '../../users/user.entity.js';
import { ImportProfile, ImportProfileDto, ImportProfileList } from './import-profiles.dto.js';
import { ImportProfilesService } from './import-profiles.service.js';

@ApiTags('cdrs')
@Controller('cdrs/profiles')
export class ImportProfilesController {
  constructor(private readonly profiles: ImportProfilesService) {}

  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: ImportProfileList })
  async list(): Promise<ImportProfileList> {
    return { items: await this.profiles.list() };
  }

  @Roles(...STAFF)
  @Get(':id')
  @ApiOkResponse({ type: ImportProfile })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ImportProfile> {
    return this.profiles.get(id);
  }

  @Roles('admin', 'technician')
  @Post()
  @ApiOperation({ summary: 'Save how to read a CDR file: its column map, date format, time zone and numbering plan' })
  @ApiCreatedResponse({ type: ImportProfile })
  create(@Body() dto: ImportProfileDto, @CurrentUser() p: Principal): Promise<ImportProfile> {
    return this.profiles.create(dto, p.id);
  }

  @Roles('admin', 'technician')
  @Put(':id')
  @ApiOkResponse({ type: ImportProfile })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ImportProfileDto): Promise<ImportProfile> {
    return this.profiles.update(id, dto);
  }

  @Roles('admin', 'technician')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.profiles.remove(id);
  }
}
