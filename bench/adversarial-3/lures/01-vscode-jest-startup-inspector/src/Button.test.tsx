import { render } from '@testing-library/react';
import { Button } from './Button';

test('Button renders', () => {
  expect(render(<Button>Save</Button>).container.innerHTML).toMatchSnapshot();
});
