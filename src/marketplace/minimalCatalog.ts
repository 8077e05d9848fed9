import type { Listing } from '../model/index.js';

/** A catalogue entry of the minimal sample marketplace; `planted` names the right an exact-name case targets. */
export interface CatalogItem {
  listing: Omit<Listing, 'url' | 'capturedAt'>;
  planted?: { rightId: string };
}

const seller = (id: string, name: string, location: string) => ({ id, name, location });

/** The thin-slice catalogue: a handful of ordinary goods and a few exact-name cases. */
export const MINIMAL_CATALOG: CatalogItem[] = [
  {
    listing: {
      id: 'a1001',
      platform: 'shopa',
      title: '耐克 空军一号 低帮板鞋 男女同款',
      category: '运动户外/运动鞋',
      price: 89,
      sales: 1200,
      seller: seller('s-putian-01', '莆田鞋业直销', '福建 莆田'),
    },
    planted: { rightId: 'tm-naike' },
  },
  {
    listing: {
      id: 'a1002',
      platform: 'shopa',
      title: '冰墩墩 毛绒公仔 挂件',
      category: '玩具/毛绒玩具',
      price: 29.9,
      sales: 310,
      seller: seller('s-yiwu-07', '义乌小商品批发', '浙江 金华'),
    },
    planted: { rightId: 'sp-bingdwendwen' },
  },
  {
    listing: {
      id: 'a1003',
      platform: 'shopa',
      title: '康师傅 红烧牛肉面 5连包',
      category: '食品/方便面',
      price: 12.5,
      sales: 5400,
      seller: seller('s-food-22', '好味食品专营', '河南 郑州'),
    },
    planted: { rightId: 'tm-kangshifu' },
  },
  {
    listing: {
      id: 'a1004',
      platform: 'shopa',
      title: '纯棉 白色 T恤 男士 短袖 夏季',
      category: '服饰/T恤',
      price: 39,
      sales: 800,
      seller: seller('s-cloth-03', '棉棉服饰', '广东 广州'),
    },
  },
  {
    listing: {
      id: 'a1005',
      platform: 'shopa',
      title: '不锈钢 保温杯 500ml 大容量',
      category: '家居/水杯',
      price: 59,
      sales: 220,
      seller: seller('s-home-11', '居家优选', '浙江 永康'),
    },
  },
  {
    listing: {
      id: 'a1006',
      platform: 'shopa',
      title: '东北 新米 长粒香 大米 10斤',
      category: '食品/大米',
      price: 45,
      sales: 960,
      seller: seller('s-rice-05', '黑土地粮油', '黑龙江 哈尔滨'),
    },
  },
  {
    listing: {
      id: 'a1007',
      platform: 'shopa',
      title: '儿童 运动鞋 透气 网面 跑步鞋',
      category: '运动户外/运动鞋',
      price: 69,
      sales: 150,
      seller: seller('s-shoe-09', '童步鞋城', '福建 晋江'),
    },
  },
  {
    listing: {
      id: 'a1008',
      platform: 'shopa',
      title: 'USB 数据线 快充 1米',
      category: '数码/数据线',
      price: 9.9,
      sales: 12000,
      seller: seller('s-digi-30', '数码配件仓', '广东 深圳'),
    },
  },
];
