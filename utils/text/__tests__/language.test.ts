import { describe, expect, it } from 'vitest';
import { looksEnglish } from '../language';

describe('looksEnglish', () => {
  it('says English for English, and when unsure', () => {
    for (const text of [
      'This is a example of my writing.',
      "He don't like mornings, but he is at the office by eight.",
      'Hi!',
      'Ok',
      'Paris, Lyon, Marseille',
      'Meet me at the café at noon.',
      '1234 5678',
      '',
    ]) {
      expect(looksEnglish(text), text).toBe(true);
    }
  });

  it('says not English on clear evidence: other scripts, other languages’ function words', () => {
    for (const text of [
      'El perro de mi vecino es muy grande y le gusta correr por el parque.',
      'Je pense que nous allons au marché avec les enfants cette semaine.',
      'Ich glaube, dass wir morgen mit dem Zug nach Berlin fahren.',
      'Penso che la casa sia molto bella e anche grande per la famiglia.',
      'Eu acho que não é uma boa ideia para o projeto.',
      'Ik denk dat het een goed idee is voor de school.',
      'Привет, как дела? Я пишу тебе из Москвы.',
      '今日はとても良い天気ですね。',
      'مرحبا كيف حالك اليوم',
    ]) {
      expect(looksEnglish(text), text).toBe(false);
    }
  });
});
