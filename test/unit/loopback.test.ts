import { describe, expect, it } from 'vitest';
import { isAllowedBind, isLoopbackAddress, isLoopbackTarget } from '../../matrix/loopback.js';

describe('loopback only', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.0.0.9', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['192.168.1.1', false],
    ['127.0.0.256', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    ['0.0.0.0', false],
    ['::', false],
  ])('isLoopbackAddress(%s) is %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['example.com', false],
    ['::1', true],
    ['8.8.8.8', false],
  ])('isLoopbackTarget(%s) is %s', (target, expected) => {
    expect(isLoopbackTarget(target)).toBe(expected);
  });

  it.each([
    ['0.0.0.0', true],
    ['::', true],
    ['127.0.0.2', true],
    ['10.1.2.3', false],
  ])('isAllowedBind(%s) is %s', (address, expected) => {
    expect(isAllowedBind(address)).toBe(expected);
  });
});
