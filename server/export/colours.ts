import type { Rag } from './model.ts';

/** Light RAG fills, so the text on them keeps a high contrast; the level is always named beside. */
export const ragFill: Record<Rag, string> = {
  green: '#d9ead3',
  amber: '#fce5b4',
  red: '#f4cccc',
  none: '#e8e8e8',
};
