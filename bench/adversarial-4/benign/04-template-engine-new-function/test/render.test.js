const test = require('node:test');
const assert = require('node:assert');
const { render } = require('../src');

test('escapes output', () => {
  assert.equal(render('<p><%= it.x %></p>', { x: '<b>' }), '<p>&lt;b&gt;</p>');
});
