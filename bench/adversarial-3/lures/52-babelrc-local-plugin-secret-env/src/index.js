export const Badge = ({ label }) => label;
