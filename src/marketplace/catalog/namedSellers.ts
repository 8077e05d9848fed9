/*
 * Sellers the planted cases need by name: brand flagship stores (authorized in data/demo-watchlist.json),
 * patentees' and licensees' shops, and sellers inside or near GI protected areas. They have the same id on
 * every platform.
 */

export interface NamedSeller {
  id: string;
  name: string;
  /** GB/T 2260 code of where the seller is. */
  regionCode: string;
  /** False: the seller gives only a city, not the county. */
  withCounty: boolean;
}

const s = (id: string, name: string, regionCode: string, withCounty = true): NamedSeller => ({
  id,
  name,
  regionCode,
  withCounty,
});

export const NAMED_SELLERS: readonly NamedSeller[] = [
  s('nike-official', '耐克官方旗舰店', '310115'),
  s('adidas-official', '阿迪达斯官方旗舰店', '310104'),
  s('lining-official', '李宁官方旗舰店', '110108'),
  s('huawei-official', '华为官方旗舰店', '440307'),
  s('apple-official', 'Apple Store 官方旗舰店', '310115'),
  s('lancome-official', '兰蔻官方旗舰店', '310104'),
  s('feihe-official', '飞鹤官方旗舰店', '230103'),
  s('gree-official', '格力官方旗舰店', '440402'),
  s('dyson-official', '戴森官方旗舰店', '310115'),
  s('yuyue-official', '鱼跃医疗官方旗舰店', '321181'),
  s('bj2022-official', '北京2022官方特许商品旗舰店', '110105'),
  s('jingyuan-shop', '净源电器官方旗舰店', '330110'),
  s('antu-parts', '安途汽配专营店', '330212'),
  s('youxing-bags', '优行箱包旗舰店', '440306'),
  s('hengwen-cups', '恒温杯业专营店', '330784'),
  s('qingquan-water', '清泉净水专营店', '320506'),
  s('xihu-tea-coop', '西湖区龙井茶农专业合作社', '330106'),
  s('meijiawu-tea', '梅家坞茶庄', '330106'),
  s('yuhang-tea', '径山茶叶商行', '330110'),
  s('wuchang-rice', '五常市稻花香米业', '230184'),
  s('kuerle-pear', '库尔勒梨城果业', '652801'),
  s('xinfeng-orange', '信丰脐橙果园', '360722'),
  s('xiangcheng-crab', '相城区湖蟹养殖场', '320507'),
  s('anxi-tea', '安溪县感德茶叶合作社', '350524'),
  s('xuyi-crayfish', '盱眙县马坝虾稻合作社', '320830'),
  s('zhangqiu-farm', '章丘区绣惠镇蔬菜合作社', '370114'),
  s('hostile-shop', '<b>黑店</b> "引号" & \'单引号\' </script>', '330782'),
];

export function namedSeller(id: string): NamedSeller {
  const seller = NAMED_SELLERS.find((x) => x.id === id);
  if (!seller) throw new Error(`no named seller ${id}`);
  return seller;
}
