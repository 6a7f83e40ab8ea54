import { Module } from '@nestjs/common';
import { CustomerImportService } from './customer-import.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

@Module({
  controllers: [CustomersController],
  providers: [CustomersService, CustomerImportService],
  exports: [CustomersService, CustomerImportService],
})
export class CustomersModule {}
