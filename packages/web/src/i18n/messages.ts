/** A tree of messages; leaves are strings (plural forms as key_one, key_few, key_many, key_other). */
export interface Messages {
  [key: string]: string | Messages;
}
