import { Module } from '@nestjs/common';
import { PricesModule } from './prices/prices.module';
import { OracleSynced } from './common/oracle.decorator';

@OracleSynced({ selector: '0x7c2b3c18' })
@Module({ imports: [PricesModule] })
export class AppModule {}
