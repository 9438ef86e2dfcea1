import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { typeDefs, resolvers } from 'schema:catalog/latest.mjs';

const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }) });
createServer(yoga).listen(4000, () => console.log('gateway on http://localhost:4000/graphql'));
