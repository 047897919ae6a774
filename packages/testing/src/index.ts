export * from "./control-plane/index.ts";
export * from "./dovecot/index.ts";
export { eventually } from "./eventually.ts";
export { freePort } from "./free-port.ts";
export * from "./openai/index.ts";
export * from "./plaid/index.ts";
export * from "./prometheus/index.ts";
export { createTestDatabase, TEST_ADMIN_URL, type TestDatabase } from "./test-database.ts";
export { createTestRedis, TEST_REDIS_URL, type TestRedis } from "./test-redis.ts";
