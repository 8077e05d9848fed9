import { encodeGbk } from '../gbk.js';
import { escapeHtml as e, htmlPage } from '../html.js';
import { GBK_HTML, HTML, type PlatformRenderer } from './renderer.js';
import { formatPrice, type ItemView, type ResultPage, type ShopView } from './view.js';

/*
 * shopa — server-rendered HTML in the style of JD: search results as `li.gl-item` with `.p-name a`,
 * `.p-price`, `.p-shop`; item pages served in GBK (as JD's item pages long were).
 */

const SITE = '甲商城';

function resultItems(items: readonly ItemView[]): string {
  return items
    .map(
      (it) =>
        `<li class="gl-item" data-sku="${e(it.id)}"><div class="gl-i-wrap">` +
        `<div class="p-img"><a href="${e(it.url)}" target="_blank"><img width="220" height="220" src="${e(it.image)}" alt=""></a></div>` +
        `<div class="p-price"><strong><em>¥</em><i>${formatPrice(it.price)}</i></strong></div>` +
        `<div class="p-name"><a href="${e(it.url)}" title="${e(it.title)}" target="_blank"><em>${e(it.title)}</em></a></div>` +
        `<div class="p-commit"><strong><a href="${e(it.url)}#comment">${it.sales}</a>条评价</strong></div>` +
        `<div class="p-shop" data-seller-id="${e(it.seller.id)}"><span class="J_im_icon"><a href="${e(it.seller.shopUrl)}" title="${e(it.seller.name)}">${e(it.seller.name)}</a></span></div>` +
        `<div class="p-location">${e(it.seller.location)}</div>` +
        `</div></li>`,
    )
    .join('\n');
}

function pager(page: ResultPage): string {
  const prev = page.prevUrl ? `<a class="pn-prev" href="${e(page.prevUrl)}">上一页</a>` : '';
  const next = page.nextUrl ? `<a class="pn-next" href="${e(page.nextUrl)}">下一页</a>` : '';
  return (
    `<div id="J_bottomPage" class="p-wrap"><span class="p-num">${prev}<a class="curr">${page.page}</a>${next}</span>` +
    `<span class="p-skip"><em>共<b>${page.pageCount}</b>页</em> <em>共<b class="total">${page.total}</b>件商品</em></span></div>`
  );
}

export function shopaSearchPage(page: ResultPage): string {
  const list =
    page.items.length > 0
      ? `<div id="J_goodsList" class="goods-list-v2"><ul class="gl-warp clearfix">\n${resultItems(page.items)}\n</ul></div>${pager(page)}`
      : `<div class="notice-search">抱歉，没有找到与“<em>${e(page.query)}</em>”相关的商品</div>`;
  const head = page.nextUrl ? `<link rel="next" href="${e(page.nextUrl)}">` : '';
  return htmlPage(
    `${page.query} - 商品搜索 - ${SITE}`,
    `<div id="search-2014"><form action="/shopa/search" method="get"><input id="key" name="q" value="${e(page.query)}"><button>搜索</button></form></div>\n${list}`,
    { head },
  );
}

/** The item page (the caller encodes it in GBK; `charset` says so in <meta>). */
export function shopaItemPage(it: ItemView): string {
  const crumbs = it.category
    .split('/')
    .map((c) => `<div class="item"><a href="/shopa/search?q=${encodeURIComponent(c)}">${e(c)}</a></div>`)
    .join('<div class="sep">&gt;</div>');
  return htmlPage(
    `${it.title}【行情 报价 价格 评测】-${SITE}`,
    `<div id="crumb-wrap"><div class="crumb" data-category="${e(it.category)}">${crumbs}</div></div>
<div class="product-intro clearfix" data-sku="${e(it.id)}">
<div class="preview"><img id="spec-img" src="${e(it.image)}" alt="${e(it.title)}"></div>
<div class="itemInfo-wrap">
<div class="sku-name">${e(it.title)}</div>
<div class="summary-price"><span class="p-price"><span>¥</span><span class="price J-p-${e(it.id)}">${formatPrice(it.price)}</span></span></div>
<div id="comment-count" class="comment-count"><a class="count" href="#comment">${it.sales}</a>条评价</div>
<div class="summary-stock"><span class="store-prompt">发货地：<span class="seller-location">${e(it.seller.location)}</span></span></div>
<a id="InitCartUrl" class="btn-addcart" href="/shopa/cart/add?sku=${encodeURIComponent(it.id)}">加入购物车</a>
</div></div>
<div class="shop-info J-hove-wrap"><div class="name"><a class="shop-name" href="${e(it.seller.shopUrl)}" data-seller-id="${e(it.seller.id)}" title="${e(it.seller.name)}">${e(it.seller.name)}</a></div></div>
<div id="detail"><div class="detail-content"><div class="desc">${e(it.description)}</div></div></div>`,
    { charset: 'gbk' },
  );
}

export function shopaShopPage(shop: ShopView, page: ResultPage): string {
  return htmlPage(
    `${shop.name} - ${SITE}`,
    `<div class="shop-header" data-seller-id="${e(shop.id)}"><h1 class="shop-title">${e(shop.name)}</h1>
<div class="shop-location">所在地：<span class="seller-location">${e(shop.location)}</span></div>
<div class="shop-license">营业执照 统一社会信用代码：<span class="credit-code">${e(shop.creditCode)}</span></div></div>
<div id="J_goodsList" class="goods-list-v2"><ul class="gl-warp clearfix">
${resultItems(page.items)}
</ul></div>${pager(page)}`,
  );
}

/** A taken-down item: 下架 page. */
export function shopaOfflinePage(id: string): string {
  return htmlPage(
    `商品已下架 - ${SITE}`,
    `<div class="itemover" data-sku="${e(id)}"><h3 class="itemover-title">该商品已下架</h3><p>您查看的商品已下架，欢迎选购其他商品。</p></div>`,
    { charset: 'gbk' },
  );
}

export const shopaRenderer: PlatformRenderer = {
  id: 'shopa',
  name: SITE,
  searchPage: (_query, _pageNo, results) => ({ contentType: HTML, body: shopaSearchPage(results()) }),
  // shopa serves item pages in GBK, as older Chinese sites do; the crawler must decode by the charset header.
  itemPage: (view) => ({ contentType: GBK_HTML, body: encodeGbk(shopaItemPage(view)) }),
  offlinePage: (id, status) => ({ status, contentType: GBK_HTML, body: encodeGbk(shopaOfflinePage(id)) }),
  shopPage: (_sellerId, _pageNo, shop) => {
    const { view, page } = shop();
    return { contentType: HTML, body: shopaShopPage(view, page) };
  },
};
