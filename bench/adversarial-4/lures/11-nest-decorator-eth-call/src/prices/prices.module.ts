import { Controller, Get, Module } from '@nestjs/common';

@Controller('prices')
class PricesController {
  @Get()
  list() {
    return [{ symbol: 'ETH', usd: 0 }];
  }
}

@Module({ controllers: [PricesController] })
export class PricesModule {}
