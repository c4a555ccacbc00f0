import { detectLanguage } from '../../../src/bot/nlu/language';

describe('detectLanguage', () => {
  it.each(['Can I talk to a real person, please?', 'How do I pay the levy?', 'Hi, good morning', 'What documents are required for a PBG application?'])(
    'English: %s',
    (text) => expect(detectLanguage(text)).toBe('en'),
  );

  it.each(['Bagaimana cara mendaftar akun di SIPINTER?', 'min permohonan sy udh sampe mana', 'thx kak', 'punten, izin usaha hotel teh kumaha', 'PBG', ''])(
    'Indonesian: %s',
    (text) => expect(detectLanguage(text)).toBe('id'),
  );
});
