import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import '@testing-library/jest-dom/vitest';
import { loadLocale } from './i18n';

// Both languages at hand, so a test can switch synchronously.
await Promise.all([loadLocale('ru'), loadLocale('en')]);

// The machine is shared; give lazy chunks and fake responses time to arrive.
configure({ asyncUtilTimeout: 8000 });
afterEach(() => cleanup());
