import { describe, expect, it } from 'vitest';
import {
  type HandledNotice,
  isOrganisationName,
  maskPersonName,
  publicityRows,
  scrubPersonalData,
} from '../../src/workflow/publicity.js';

const base: HandledNotice = {
  noticeId: 'N-1',
  platform: 'shopa',
  sellerName: '杭州某某贸易有限公司',
  sellerId: 'shop-7781',
  notifierName: '耐克创新有限合伙公司',
  notifierContact: 'legal@nike.example / 13800138000',
  listingTitle: 'NIKE 运动鞋 男款',
  listingUrl: 'https://shopa.example/item/123?uid=13800138000&token=abc#reviews',
  right: { name: '商标「NIKE」', registrationNumber: '1234567' },
  outcome: 'taken_down',
  noticeSentAt: '2026-11-30T17:30:00Z',
  outcomeAt: '2026-12-02T03:00:00Z',
};

/** Every digit run left in a row: none may be a phone or ID number. */
function longDigitRuns(row: object): string[] {
  const text = JSON.stringify(row).replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return (text.match(/\d[\d\s\-－.·]{9,}\d/g) ?? []).filter((r) => r.replace(/\D/g, '').length >= 10);
}

describe('party names', () => {
  it('keeps companies and shops, masks natural persons', () => {
    expect(isOrganisationName('杭州某某贸易有限公司')).toBe(true);
    expect(isOrganisationName('小明运动旗舰店')).toBe(true);
    expect(isOrganisationName('Acme Trading Co., Ltd.')).toBe(true);
    expect(isOrganisationName('张小明')).toBe(false);
    expect(isOrganisationName('Vincent Li')).toBe(false); // "Inc" only as a word
    expect(isOrganisationName('Corpus Smith')).toBe(false);
    expect(isOrganisationName('Widget Inc.')).toBe(true);
    expect(maskPersonName('张小明')).toBe('张**');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskPersonName('阿卜杜·热合曼')).toBe('阿**·***');
    expect(maskPersonName('John Smith')).toBe('J*** S****');
    expect(maskPersonName('张\u200B小明')).toBe('张**');
  });
});

describe('scrubPersonalData', () => {
  it.each([
    ['mobile', '联系13800138000下单', '联系138****8000下单'],
    ['mobile with +86 and separators', '电话 +86 138-0013-8000', '电话 138****8000'],
    ['mobile in full-width digits', '手机１３８００１３８０００', '手机138****8000'],
    ['mobile split by zero-width spaces', '拨138\u200B0013\u200B8000', '拨138****8000'],
    ['landline', '座机0571-88886666', '座机057****66'],
    ['18-digit ID', '身份证110101199003071234', '身份证11**************34'],
    ['ID ending in X, spaced', '证件 11010119900307123X 有效', '证件 11**************3X 有效'],
    ['e-mail', '邮箱 zhang.san@example.com', '邮箱 z***@example.com'],
    ['full-width at', '邮箱 zhangsan＠qq.com', '邮箱 z***@qq.com'],
    ['WeChat handle', '加微信：zs_88888 包邮', '加微信：*** 包邮'],
    ['VX handle', 'vx zhangsan2026', 'vx ***'],
    ['QQ number', 'QQ：12345678', 'QQ：***'],
    ['QQ number without separator', '扣扣12345678', '扣扣***'],
    ['street address', '发货地址：浙江省杭州市西湖区文三路123号5栋301室', '发货地址：浙江省杭州市西湖区***'],
    ['address without province', '北京朝阳区建国路88号', '北京朝阳区***'],
    ['control characters and bidi overrides', 'A\u202Eevil\u0007B\nC', 'Aevil B C'],
  ])('masks a %s', (_what, input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it('stays linear on long adversarial input (no catastrophic backtracking)', () => {
    const inputs = [
      '路1'.repeat(50_000),
      '1'.repeat(100_000),
      `${'文三路'.repeat(20_000)}1号`,
      `${'a'.repeat(100_000)}@`,
      `a@${'b.'.repeat(50_000)}!`,
      '微信'.repeat(30_000),
      '1-'.repeat(50_000),
    ];
    for (const input of inputs) expect(scrubPersonalData(input).length).toBeGreaterThan(0);
  });

  it('leaves ordinary listing text alone', () => {
    for (const text of [
      'NIKE Air Max 90 男款 42码 ¥399.00',
      '注册号 1234567 第25类',
      '专利号 ZL202310123456.7',
      '2026新款 路由器 WiFi6 3000M',
      '订单 20261204 发货',
      'Sony VX1000 摄像机',
    ]) {
      expect(scrubPersonalData(text)).toBe(text);
    }
  });
});

describe('publicityRows', () => {
  it('a company seller: names kept, the URL without its query, China dates, no contact', () => {
    const [row] = publicityRows([base]);
    expect(row).toEqual({
      noticeId: 'N-1',
      platform: 'shopa',
      seller: '杭州某某贸易有限公司',
      sellerId: 'shop-7781',
      notifier: '耐克创新有限合伙公司',
      listingTitle: 'NIKE 运动鞋 男款',
      listingUrl: 'https://shopa.example/item/123',
      right: '商标「NIKE」（注册号 1234567）',
      outcome: 'taken_down',
      outcomeLabel: '已删除（下架）',
      noticeDate: '2026-12-01',
      outcomeDate: '2026-12-02',
    });
    expect(JSON.stringify(row)).not.toContain('legal@nike');
  });

  it('a natural-person seller and notifier, with personal data hidden everywhere (hostile text)', () => {
    const hostile: HandledNotice = {
      ...base,
      sellerName: '张小明',
      sellerId: '13800138000',
      notifierName: '李\u200B四',
      notifierContact: '13912345678',
      listingTitle:
        '张小明同款 NIKE鞋 加微信zxm_2026 电话１３９-１２３４-５６７８ 身份证11010119900307123X ' +
        '地址:上海市浦东新区世纪大道100号 邮箱 zxm@example.com <script>alert(1)</script>\u202E 李四代购',
      listingUrl: 'https://shopa.example/u/13800138000/item/9?phone=13800138000',
      outcome: 'counter_noticed',
    };
    const [row] = publicityRows([hostile]);
    expect(row?.seller).toBe('张**');
    expect(row?.notifier).toBe('李*');
    expect(row?.sellerId).toBe('138****8000');
    expect(row?.listingUrl).toBe('https://shopa.example/u/138****8000/item/9');
    expect(row?.outcomeLabel).toBe('经营者已提交不侵权声明');
    const title = row?.listingTitle ?? '';
    expect(title).toContain('张**同款 NIKE鞋');
    expect(title).toContain('李*代购');
    expect(title).toContain('加微信***');
    expect(title).toContain('电话139****5678');
    expect(title).toContain('身份证11**************3X');
    expect(title).toContain('上海市浦东新区***');
    expect(title).toContain('z***@example.com');
    // Markup is data here: the exporter and the web page escape it; redaction neither drops nor doubles it.
    expect(title).toContain('<script>alert(1)</script>');
    for (const secret of [
      '张小明',
      '李四',
      'zxm_2026',
      '13912345678',
      '110101199003071234',
      '世纪大道',
      'zxm@',
      '\u202E',
    ]) {
      expect(JSON.stringify(row)).not.toContain(secret);
    }
    expect(longDigitRuns(row ?? {})).toEqual([]);
  });

  it('a person’s shop id is partly masked; a company’s is kept', () => {
    const [person] = publicityRows([{ ...base, sellerName: '王五', sellerId: 'wangwu-shop-01' }]);
    expect(person?.sellerId).toBe('wa**********01');
    const [company] = publicityRows([{ ...base, sellerId: 'wangwu-shop-01' }]);
    expect(company?.sellerId).toBe('wangwu-shop-01');
  });

  it('a company name carrying a phone number keeps the name, not the number', () => {
    const [row] = publicityRows([{ ...base, sellerName: '深圳市某某电子有限公司 13800138000' }]);
    expect(row?.seller).toBe('深圳市某某电子有限公司 138****8000');
  });

  it('names the notice and field of a bad date', () => {
    expect(() => publicityRows([{ ...base, outcomeAt: 'later' }])).toThrow(
      '通知 N-1 的 outcomeAt「later」不是有效时间',
    );
  });
});
