module.exports = function tokenBucket({ capacity, refillPerSec }) {
  throw new Error('implement me');
};
