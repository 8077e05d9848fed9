import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildTextIndex,
  loadVocabulary,
  type Mention,
  type TextIndex,
} from '../../../src/match/text/index.js';
import { MARKS, trademark } from './helpers.js';

let index: TextIndex;
beforeAll(() => {
  index = buildTextIndex(MARKS, loadVocabulary());
});

function mentions(title: string, rightId?: string): Mention[] {
  return index.scan({ title }).mentions.filter((m) => !rightId || m.rightId === rightId);
}

function only(title: string, rightId: string): Mention {
  const found = mentions(title, rightId);
  expect(found, `${title} → ${rightId}`).toHaveLength(1);
  return found[0]!;
}

describe('matching.md §2 unit-test cases', () => {
  test.each([
    ['ＮＩＫＥ 空军一号', 'tm-nike', 'NIKE', 'ＮＩＫＥ', ['width'], 'alias'],
    ['Νіке 运动鞋', 'tm-nike', 'NIKE', 'Νіке', ['lookalike'], 'alias'],
    ['耐⭐克 正品', 'tm-nike', '耐克', '耐⭐克', ['emoji'], 'name'],
    ['N-I-K-E 板鞋', 'tm-nike', 'NIKE', 'N-I-K-E', ['separator'], 'alias'],
    ['耐\u200b克 板鞋', 'tm-nike', '耐克', '耐\u200b克', ['zero_width'], 'name'],
    ['西湖龍井 明前', 'gi-longjing', '西湖龙井', '西湖龍井', ['traditional'], 'name'],
    ['康帅傅 红烧牛肉面', 'tm-ksf', '康师傅', '康帅傅', ['shape'], 'canonical'],
    ['雷碧 汽水 330ml', 'tm-sprite', '雪碧', '雷碧', ['shape'], 'canonical'],
    ['粤利粤 夹心饼干', 'tm-oreo', '奥利奥', '粤利粤', ['shape'], 'canonical'],
    ['naike 运动鞋', 'tm-nike', '耐克', 'naike', ['pinyin'], 'pinyin'],
    ['nai ke 跑鞋', 'tm-nike', '耐克', 'nai ke', ['pinyin'], 'pinyin'],
    ['NAIKE 跑鞋', 'tm-nike', '耐克', 'NAIKE', ['pinyin'], 'pinyin'],
    ['耐刻 运动鞋', 'tm-nike', '耐克', '耐刻', ['homophone'], 'pinyin'],
    ['五长大米 10斤', 'gi-wuchang', '五常大米', '五长大米', ['homophone'], 'pinyin'],
    ['⑤常大米 新米', 'gi-wuchang', '五常大米', '⑤常大米', ['width', 'numeral'], 'name'],
    ['5常大米 新米', 'gi-wuchang', '五常大米', '5常大米', ['numeral'], 'name'],
    ['六个核桃 饮料', 'tm-walnut', '6个核桃', '六个核桃', ['numeral'], 'name'],
    ['N1KE 跑鞋', 'tm-nike', 'NIKE', 'N1KE', ['digit'], 'alias'],
    ['Adidsa 三叶草', 'tm-adidas', 'adidas', 'Adidsa', ['fuzzy'], 'fuzzy'],
    ['michael kor 包', 'tm-mk', 'Michael Kors', 'michael kor', ['fuzzy'], 'fuzzy'],
  ])('%s → %s', (title, rightId, term, text, evasions, via) => {
    const m = only(title, rightId);
    expect(m.term).toBe(term);
    expect(m.text).toBe(text);
    expect(title.slice(m.span[0], m.span[1])).toBe(text);
    expect(m.evasions).toEqual(evasions);
    expect(m.via).toBe(via);
    expect(m.insideWord).toBe(false);
    expect(m.plain).toBe(false);
  });

  test('the plain mark is verbatim; a case difference alone stays plain', () => {
    const verbatim = only('耐克 运动鞋 正品', 'tm-nike');
    expect(verbatim).toMatchObject({ text: '耐克', evasions: [], plain: true, span: [0, 2] });
    const cased = only('新款 nike 跑鞋', 'tm-nike');
    expect(cased).toMatchObject({ text: 'nike', evasions: ['case'], plain: true, span: [3, 7] });
  });

  test('spans map back into the original text of title and description', () => {
    const result = index.scan({ title: '【包邮】ＮＩＫＥ男鞋', description: '平替 耐⭐克，支持验货' });
    const title = result.mentions.find((m) => m.field === 'title')!;
    expect(title.span).toEqual([4, 8]);
    const desc = result.mentions.find((m) => m.field === 'description')!;
    expect(desc).toMatchObject({ term: '耐克', span: [3, 6], text: '耐⭐克' });
    expect(result.vocab.find((v) => v.group === 'hedging')).toMatchObject({
      field: 'description',
      span: [0, 2],
    });
  });

  test('pinyin and homophone hits on two-character marks ask for corroboration', () => {
    expect(only('naike 运动鞋', 'tm-nike').needsCorroboration).toBe(true);
    expect(only('耐刻 运动鞋', 'tm-nike').needsCorroboration).toBe(true);
    expect(only('五长大米', 'gi-wuchang').needsCorroboration).toBeUndefined();
    expect(only('耐克 运动鞋', 'tm-nike').needsCorroboration).toBeUndefined();
  });

  test('polyphones: every reading of a mark character counts', () => {
    const idx = buildTextIndex([trademark('tm-cc', '长城')], loadVocabulary());
    const found = idx.scan({ title: '张城 汽车配件' }).mentions;
    expect(found.map((m) => [m.text, m.evasions])).toEqual([['张城', ['homophone']]]);
  });
});

describe('negatives', () => {
  test('a two-character Chinese mark is never matched by edit distance', () => {
    expect(mentions('李明 运动鞋', 'tm-lining')).toEqual([]);
    expect(mentions('雪花 啤酒', 'tm-sprite')).toEqual([]);
    expect(mentions('小麦 面粉', 'tm-xiaomi')).toEqual([]);
  });

  test('fuzzy is for Latin marks of five letters or more only', () => {
    const idx = buildTextIndex(
      [trademark('tm-nike', 'NIKE'), trademark('tm-puma', 'PUMA')],
      loadVocabulary(),
    );
    expect(idx.scan({ title: 'Nkie Pmua Mike' }).mentions).toEqual([]);
  });

  test('330ml is not folded into letters', () => {
    const result = index.scan({ title: '雷碧 汽水 330ml' });
    expect(result.mentions.map((m) => m.rightId)).toEqual(['tm-sprite']);
  });

  test('a Latin mark glued to other letters is insideWord', () => {
    expect(only('nikeology 哲学书', 'tm-nike')).toMatchObject({ text: 'nike', insideWord: true });
    expect(only('nike-ology', 'tm-nike').insideWord).toBe(false);
  });

  test('a Chinese mark inside a listed longer word is insideWord', () => {
    expect(only('东北黄小米粥 500g', 'tm-xiaomi').insideWord).toBe(true);
    expect(only('小米 手机 14', 'tm-xiaomi').insideWord).toBe(false);
  });

  test('typed pinyin of a short mark must be whole words', () => {
    // "nikeair" is not all pinyin; "ke ai" inside it must not read as a mark.
    const idx = buildTextIndex([trademark('tm-keai', '可爱')], loadVocabulary());
    expect(idx.scan({ title: 'nikeair max' }).mentions).toEqual([]);
    expect(idx.scan({ title: 'keai 玩偶' }).mentions).toHaveLength(1);
  });

  test('patents are not text marks', () => {
    expect(index.stats.rights).toBe(MARKS.length - 1);
    expect(index.scan({ title: 'ZL201710601862.3' }).mentions).toEqual([]);
  });
});

describe('vocabulary in the same scan', () => {
  function groups(title: string): [string, string][] {
    return index.scan({ title }).vocab.map((v) => [v.group, v.text]);
  }

  test('terms of every group are found with their original text', () => {
    expect(groups('耐克 高仿 莆田 纯原')).toEqual([
      ['counterfeit', '高仿'],
      ['counterfeit', '莆田'],
      ['counterfeit', '纯原'],
    ]);
    expect(groups('官方旗舰店 专柜正品')).toEqual(
      expect.arrayContaining([
        ['official_claim', '官方旗舰'],
        ['official_claim', '官方旗舰店'],
        ['authenticity_claim', '专柜正品'],
      ]),
    );
    expect(groups('REPLICA bag, mirror quality')).toEqual([
      ['counterfeit', 'REPLICA'],
      ['counterfeit', 'mirror quality'],
    ]);
    expect(groups('高仿 大牌同款 平替')).toEqual([
      ['counterfeit', '高仿'],
      ['hedging', '大牌同款'],
      ['hedging', '平替'],
    ]);
  });

  test('1:1 needs its punctuation; 双11 is not 1:1', () => {
    expect(groups('1:1 复刻')).toContainEqual(['counterfeit', '1:1']);
    expect(groups('１：１ 做工')).toContainEqual(['counterfeit', '１：１']);
    expect(groups('双11 特惠')).toEqual([]);
    expect(groups('21:10 发货')).toEqual([]);
  });

  test('Latin terms stand alone', () => {
    expect(groups('case for iPhone 15')).toContainEqual(['compatibility', 'for']);
    expect(groups('comfort shoes')).toEqual([]);
    expect(groups('AAAA 品质')).toEqual([['counterfeit', 'AAAA']]);
  });

  test('{mark}风 attaches to the mention of the mark', () => {
    const result = index.scan({ title: '耐克风 运动外套' });
    expect(result.vocab).toContainEqual(
      expect.objectContaining({
        group: 'hedging',
        term: '{mark}风',
        text: '耐克风',
        span: [0, 3],
        rightId: 'tm-nike',
      }),
    );
    expect(index.scan({ title: '类耐克 鞋' }).vocab).toContainEqual(
      expect.objectContaining({ term: '类{mark}', text: '类耐克' }),
    );
    expect(index.scan({ title: '大风 外套' }).vocab).toEqual([]);
  });
});

describe('precision rules for short marks', () => {
  test('a two-character mark with both characters swapped for homophones is not a mention', () => {
    expect(mentions('奈刻 运动鞋', 'tm-nike')).toEqual([]);
    expect(only('耐刻 运动鞋', 'tm-nike').evasions).toEqual(['homophone']);
  });

  test('colour and food words that contain a mark are insideWord', () => {
    const idx = buildTextIndex([trademark('tm-apple', '苹果')], loadVocabulary());
    expect(idx.scan({ title: '苹果绿 硅胶 手机支架' }).mentions[0]?.insideWord).toBe(true);
    expect(idx.scan({ title: '苹果 手机 壳' }).mentions[0]?.insideWord).toBe(false);
  });
});

describe('homophones of another watched mark', () => {
  test('text that is verbatim one watched mark is not a homophone evasion of another', () => {
    const idx = buildTextIndex(
      [trademark('tm-nike', '耐克'), trademark('tm-other', '耐刻')],
      loadVocabulary(),
    );
    const found = idx.scan({ title: '耐刻 运动鞋' }).mentions;
    expect(found.map((m) => [m.rightId, m.evasions])).toEqual([['tm-other', []]]);
  });
});

describe('hostile and long input', () => {
  test('a long description keeps exact spans far into the text', () => {
    const filler = '这是一段很长的商品描述，'.repeat(8000);
    const description = `${filler}康帅傅 红烧牛肉面`;
    const m = index.scan({ title: '方便面', description }).mentions.find((x) => x.rightId === 'tm-ksf')!;
    expect(m.field).toBe('description');
    expect(description.slice(m.span[0], m.span[1])).toBe('康帅傅');
    expect(m.span[0]).toBe(filler.length);
  });

  test('padding of emoji, zero-width characters and lone surrogates is removed, not crashed on', () => {
    const junk = '\u200b⭐\ud800\ufe0f'.repeat(2000);
    const found = index.scan({ title: `${junk}耐${junk.slice(0, 8)}克${junk}` }).mentions;
    expect(found.map((m) => [m.term, m.evasions])).toEqual([['耐克', ['zero_width', 'emoji']]]);
  });
});
