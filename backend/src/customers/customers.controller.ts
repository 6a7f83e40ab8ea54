import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { CustomerImportService } from './customer-import.service.js';
import { CreateCustomerDto, CustomerListQuery, ImportCustomersDto, UpdateCustomerDto } from './customers.dto.js';
import { CustomersService } from './customers.service.js';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly importer: CustomerImportService,
  ) {}

  @Roles(...STAFF, 'customer')
  @Get()
  list(@Query() q: CustomerListQuery, @CurrentUser() p: Principal) {
    return this.customers.list(p, q);
  }

  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  import(@Body() dto: ImportCustomersDto, @CurrentUser() p: Principal) {
    return this.importer.import(dto.customers, p);
  }

  @Roles(...STAFF, 'customer')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal) {
    return this.customers.get(p, id);
  }

  @Roles('admin')
  @Post()
  create(@Body() dto: CreateCustomerDto, @CurrentUser() p: Principal) {
    return this.customers.create(dto, p);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCustomerDto, @CurrentUser() p: Principal) {
    return this.customers.update(id, dto, p);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal) {
    return this.customers.remove(id, p);
  }
}
