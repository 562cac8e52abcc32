import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import '@testing-library/jest-dom/vitest';

// The machine is shared; give lazy chunks and fake responses time to arrive.
configure({ asyncUtilTimeout: 8000 });
afterEach(() => cleanup());
