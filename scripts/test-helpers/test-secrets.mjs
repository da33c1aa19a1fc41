// The credentials the private-gold tests use (test/private-gold.test.ts). They exist only in tests:
// test/no-secrets.test.ts fails if any of them reaches a build output or a packed tarball.
export const TEST_SECRETS = {
  token: 'nova-test-token-7f3a9c1e5b',
  accessKeyId: 'NOVATESTKEYID0042',
  secretAccessKey: 'nova-test-secret/8d2e6b4a0c',
};
