// Modules that the test server's plugins build on request; see
// test/fixtures/turnkey-test-server.mjs and test/turnkey-core-bundle.mjs.
declare module '/__test-server__/*';
