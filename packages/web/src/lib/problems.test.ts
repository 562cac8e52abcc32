import { describe, expect, it } from 'vitest';
import i18n, { setLocale } from '../i18n';
import { translateProblem } from './problems';

describe('field problems from the server', () => {
  it('are shown in the user language when known, with numbers in the right plural form', () => {
    setLocale('ru');
    const t = i18n.t.bind(i18n) as (key: string, options?: Record<string, unknown>) => string;
    expect(translateProblem('is not a valid INN (10 or 12 digits with a correct checksum)', t)).toBe('Неверный ИНН: 10 или 12 цифр с верной контрольной суммой');
    expect(translateProblem('"12" is not a valid phone number', t)).toBe('Это не номер телефона');
    expect(translateProblem('must be at most 100 characters', t)).toBe('Не более 100 символов');
    expect(translateProblem('must be at most 21 characters', t)).toBe('Не более 21 символа');
    expect(translateProblem('something new the server says', t)).toBe('something new the server says');
    setLocale('en');
    expect(translateProblem('must not be empty', t)).toBe('Fill this in');
    setLocale('ru');
  });
});
