import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { CustomerImportService } from './customer-import.service.js';
import { CreateCustomerDto, CustomerListQuery, ImportCustomersDto, UpdateCustomerDto } from './customers.dto.js';
import { CustomerDetail, CustomerImportResult, CustomerSummaryPage } from './customers.responses.js';
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
  @ApiOkResponse({ type: CustomerSummaryPage })
  list(@Query() q: CustomerListQuery, @CurrentUser() p: Principal): Promise<CustomerSummaryPage> {
    return this.customers.list(p, q);
  }

  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ type: CustomerImportResult })
  import(@Body() dto: ImportCustomersDto, @CurrentUser() p: Principal): Promise<CustomerImportResult> {
    return this.importer.import(dto.customers, p);
  }

  @Roles(...STAFF, 'customer')
  @Get(':id')
  @ApiOkResponse({ type: CustomerDetail })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<CustomerDetail> {
    return this.customers.get(p, id);
  }

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: CustomerDetail })
  create(@Body() dto: CreateCustomerDto, @CurrentUser() p: Principal): Promise<CustomerDetail> {
    return this.customers.create(dto, p);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: CustomerDetail })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCustomerDto,
    @CurrentUser() p: Principal,
  ): Promise<CustomerDetail> {
    return this.customers.update(id, dto, p);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal) {
    return this.customers.remove(id, p);
  }
}
