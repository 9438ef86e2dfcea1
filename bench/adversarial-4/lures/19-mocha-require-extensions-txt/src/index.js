exports.total = (lines, { taxRate = 0, discount = 0 } = {}) => {
  const net = lines.reduce((s, l) => s + l.qty * l.price, 0) * (1 - discount);
  return Math.round(net * (1 + taxRate) * 100) / 100;
};
