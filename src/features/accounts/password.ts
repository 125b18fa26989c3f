import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, t=2): ~15 ms per hash on this machine class.
export const hashPassword = (password: string) => hash(password);
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);

const common = new Set([
  'password',
  'password1',
  'password123',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'qwerty12345',
  'abc1234567',
  'admin12345',
  'admin123456',
  'a123456789',
  'aa12345678',
  'woaini1314',
  'iloveyou12',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  'zxcvbnm123',
  'gongkai123',
  'gongkai2026',
]);

/** Why a password is too weak, or null. Length matters most; obvious choices are refused. */
export function passwordProblem(password: string, username = ''): string | null {
  if (password.length < 10) return '密码至少需要10个字符';
  if (password.length > 128) return '密码不能超过128个字符';
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return '密码需要同时包含字母和数字';
  if (new Set(password).size < 5) return '密码中不同的字符太少';
  const lower = password.toLowerCase();
  if (common.has(lower)) return '这是常见密码，请换一个';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

// No 0/O, 1/l/I: the one-time password is read off a screen and typed by hand.
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random one-time password of 16 characters (~93 bits), always with letters and digits. */
export function oneTimePassword(): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
    if (!passwordProblem(s)) return s;
  }
}
