import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { classifyError } from './classify-error.ts';

describe('classifyError', () => {
  it.each([
    ['an ApiError', new ApiError(409, 'conflict', 'already there', { app: 'x' }), { status: 409, code: 'conflict', message: 'already there', details: { app: 'x' }, log: 'none' }],
    ["body-parser's bad JSON", Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 }), { status: 400, code: 'invalid_json', log: 'none' }],
    ["body-parser's too large", Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }), { status: 413, code: 'body_too_large', log: 'none' }],
    ["express's own 4xx", Object.assign(new Error('Failed to decode param'), { status: 400 }), { status: 400, code: 'bad_request', log: 'none' }],
    ["Node's header overflow", Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' }), { status: 431, code: 'headers_too_large', log: 'none' }],
    ["Node's other parser errors", Object.assign(new Error('Invalid method'), { code: 'HPE_INVALID_METHOD' }), { status: 400, code: 'bad_request', log: 'none' }],
    ["Node's request timeout", Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), { status: 408, code: 'request_timeout', log: 'none' }],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { status: 503, code: 'database_unavailable', retryAfter: 5, log: 'warn' }],
    ['a query timeout', new Error('Query read timeout'), { status: 503, code: 'database_unavailable', retryAfter: 5, log: 'warn' }],
    ['a wrapped statement timeout', new Error('Failed query', { cause: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }) }), { status: 503, code: 'database_unavailable', log: 'warn' }],
    ['anything else', new TypeError('x is undefined'), { status: 500, code: 'internal', log: 'error' }],
  ])('%s', (_label, error, expected) => {
    expect(classifyError(error)).toMatchObject(expected);
  });
});
