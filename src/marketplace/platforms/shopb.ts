import { escapeHtml as e, htmlPage, jsonForScript } from '../html.js';
import { HTML, type PlatformRenderer } from './renderer.js';
import { formatPrice, type ItemView, type ResultPage, type ShopView } from './view.js';

/*
 * shopb — in the style of Taobao: the search data is a JSON object assigned to `g_page_config` in a
 * <script>; nothing is rendered as HTML list items. Item pages carry `g_config` plus visible markup.
 * Seller locations are printed `省 市` (e.g. `浙江 杭州`).
 */

const SITE = '乙淘网';

function highlight(title: string, query: string): string {
  const q = query.trim();
  if (q === '' || !title.includes(q)) return e(title);
  return title
    .split(q)
    .map((part) => e(part))
    .join(`<span class=H>${e(q)}</span>`);
}

function auctions(items: readonly ItemView[], query: string): unknown[] {
  return items.map((it) => ({
    nid: it.id,
    category: it.category,
    pid: '',
    title: highlight(it.title, query),
    raw_title: it.title,
    pic_url: it.image,
    detail_url: it.url,
    view_price: formatPrice(it.price),
    view_fee: '0.00',
    item_loc: it.seller.location,
    view_sales: `${it.sales}人付款`,
    nick: it.seller.name,
    user_id: it.seller.id,
    shopLink: it.seller.shopUrl,
  }));
}

function pageConfig(page: ResultPage, extra: Record<string, unknown> = {}): string {
  return jsonForScript({
    pageName: 'mainsrp',
    mods: {
      itemlist: { status: 'show', data: { query: page.query, auctions: auctions(page.items, page.query) } },
      pager: {
        status: 'show',
        data: {
          pageSize: page.pageSize,
          totalPage: page.pageCount,
          currentPage: page.page,
          totalCount: page.total,
          nextUrl: page.nextUrl,
        },
      },
    },
    ...extra,
  });
}

export function shopbSearchPage(page: ResultPage): string {
  const head = page.nextUrl ? `<link rel="next" href="${e(page.nextUrl)}">` : '';
  return htmlPage(
    `${page.query}_${SITE}搜索`,
    `<div id="J_Search"><form action="/shopb/search"><input name="q" value="${e(page.query)}"></form></div>
<div id="mainsrp-itemlist"><div class="m-itemlist"><div class="items" id="J_itemlistCont"></div></div></div>
<div id="mainsrp-pager"></div>
<script>
g_page_config = ${pageConfig(page)};
g_srp_loadCss();
</script>`,
    { head: `${head}<script>function g_srp_loadCss(){}</script>` },
  );
}

export function shopbItemPage(it: ItemView): string {
  const config = jsonForScript({
    itemId: it.id,
    sellerId: it.seller.id,
    shopName: it.seller.name,
    idata: {
      item: {
        title: it.title,
        price: formatPrice(it.price),
        sellCount: it.sales,
        category: it.category,
        location: it.seller.location,
        pic: it.image,
        desc: it.description,
      },
    },
  });
  return htmlPage(
    `${it.title}-${SITE}`,
    `<div id="detail" data-item-id="${e(it.id)}">
<div class="tb-detail-hd"><h3 class="tb-main-title" data-title="${e(it.title)}">${e(it.title)}</h3></div>
<div class="tb-property"><div class="tb-price"><em class="tb-rmb">¥</em><em class="tb-rmb-num">${formatPrice(it.price)}</em></div>
<div class="tb-sell-counter"><strong id="J_SellCounter">${it.sales}</strong>交易成功</div>
<div class="tb-location">发货地 <span id="J_deliveryAdd">${e(it.seller.location)}</span></div>
<div class="tb-category">${e(it.category)}</div></div>
<div class="tb-shop-name"><a href="${e(it.seller.shopUrl)}" data-seller-id="${e(it.seller.id)}">${e(it.seller.name)}</a></div>
<div class="tb-gallery"><img id="J_ImgBooth" src="${e(it.image)}" alt=""></div>
<div id="J_DivItemDesc" class="content">${e(it.description)}</div>
</div>`,
    { head: `<script>\nvar g_config = ${config};\n</script>` },
  );
}

export function shopbShopPage(shop: ShopView, page: ResultPage): string {
  return htmlPage(
    `${shop.name}-${SITE}`,
    `<div id="shop-hd" data-seller-id="${e(shop.id)}"><span class="shop-name">${e(shop.name)}</span> <span class="shop-location">${e(shop.location)}</span></div>
<div id="J_ShopSearchResult"></div>
<script>
g_page_config = ${pageConfig(page, { shopInfo: { id: shop.id, name: shop.name, location: shop.location, creditCode: shop.creditCode } })};
</script>`,
  );
}

export function shopbOfflinePage(id: string): string {
  return htmlPage(
    `宝贝已下架-${SITE}`,
    `<div class="error-notice" data-item-id="${e(id)}"><h2>很抱歉，您查看的宝贝已下架或不存在</h2></div>`,
  );
}

export const shopbRenderer: PlatformRenderer = {
  id: 'shopb',
  name: SITE,
  searchPage: (_query, _pageNo, results) => ({ contentType: HTML, body: shopbSearchPage(results()) }),
  itemPage: (view) => ({ contentType: HTML, body: shopbItemPage(view) }),
  offlinePage: (id, status) => ({ status, contentType: HTML, body: shopbOfflinePage(id) }),
  shopPage: (_sellerId, _pageNo, shop) => {
    const { view, page } = shop();
    return { contentType: HTML, body: shopbShopPage(view, page) };
  },
};
