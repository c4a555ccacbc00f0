import { clientAddress } from '../../../channels/webchat/client-address';

/** The address web chat limits count against: X-Forwarded-For only from a loopback hop, like Express's trust proxy = loopback. */
describe('web chat client address', () => {
  it('is the socket address for a direct client, whatever X-Forwarded-For it sends', () => {
    expect(clientAddress('198.51.100.7', undefined)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(clientAddress('::ffff:198.51.100.7', '127.0.0.1')).toBe('198.51.100.7');
  });

  it('believes a proxy on this machine, taking the right-most address that is not loopback', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress('::1', '203.0.113.9')).toBe('203.0.113.9');
    // What the client wrote to the left of the proxy's own entry is never reached.
    expect(clientAddress('127.0.0.1', '10.0.0.1, 127.0.0.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', ['10.0.0.1', '203.0.113.9, 127.0.0.1'])).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', 'not-an-address')).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64', () => {
    expect(clientAddress('2001:db8:1:2:aaaa::1', undefined)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee', undefined)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::1', undefined)).toBe('2001:db8:0:0::/64');
    expect(clientAddress('127.0.0.1', '2001:DB8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('::1', undefined)).toBe('::1');
  });
});
