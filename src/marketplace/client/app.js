// shopc browser script: renders the client-side pages of the sample marketplace from its JSON API.
// Listing text is hostile: it is only ever assigned with textContent / setAttribute, never as HTML.
(function () {
  'use strict';
  var app = document.getElementById('app');
  if (!app) return;
  var view = app.getAttribute('data-view');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(className, href, text) {
    var a = el('a', className, text);
    a.setAttribute('href', href);
    return a;
  }

  function setState(state) {
    app.setAttribute('data-state', state);
  }

  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (res) {
      return res.json().then(function (body) {
        return { status: res.status, body: body };
      });
    });
  }

  function showError(message) {
    app.textContent = '';
    app.appendChild(el('div', 'error', message));
    setState('error');
  }

  function card(item) {
    var li = el('li', 'card');
    li.setAttribute('data-id', item.id);
    var img = el('img', 'card-img');
    img.setAttribute('src', item.image);
    img.setAttribute('alt', '');
    li.appendChild(img);
    var body = el('div', 'card-body');
    body.appendChild(link('card-title', item.url, item.title));
    body.appendChild(el('span', 'card-price', '¥' + Number(item.price).toFixed(2)));
    body.appendChild(el('span', 'card-sales', item.sales + '人已买'));
    var shop = link('card-shop', item.shop.url, item.shop.name);
    shop.setAttribute('data-seller-id', item.shop.id);
    body.appendChild(shop);
    body.appendChild(el('span', 'card-location', item.location));
    li.appendChild(body);
    return li;
  }

  // Search and shop pages: a list that grows by batches ("加载更多" button or infinite scroll).
  function listView(apiPath, params, header) {
    var page = Number(app.getAttribute('data-page') || '1') || 1;
    var loading = false;
    app.textContent = '';
    if (header) app.appendChild(header);
    var list = el('ul', 'result-list');
    list.id = 'results';
    app.appendChild(list);
    var more = el('button', 'load-more', '加载更多');
    more.id = 'load-more';
    more.setAttribute('type', 'button');
    var end = el('div', 'end', '没有更多了');
    end.id = 'list-end';

    function load() {
      if (loading) return;
      loading = true;
      setState('loading');
      var query = Object.keys(params)
        .map(function (k) {
          return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]);
        })
        .concat(['page=' + page])
        .join('&');
      getJson(apiPath + '?' + query)
        .then(function (res) {
          loading = false;
          if (res.status !== 200) {
            showError(res.body && res.body.message ? res.body.message : '加载失败 (' + res.status + ')');
            return;
          }
          var data = res.body;
          if (data.shop && header) {
            header.querySelector('.shop-title').textContent = data.shop.name;
            header.querySelector('.shop-location').textContent = data.shop.location;
            header.querySelector('.credit-code').textContent = data.shop.creditCode;
          }
          data.items.forEach(function (item) {
            list.appendChild(card(item));
          });
          if (data.items.length === 0 && page === 1)
            app.insertBefore(el('div', 'empty', '没有找到相关商品'), list);
          page += 1;
          if (data.hasMore) {
            if (!more.parentNode) app.appendChild(more);
          } else {
            if (more.parentNode) more.parentNode.removeChild(more);
            app.appendChild(end);
          }
          setState('ready');
        })
        .catch(function (err) {
          loading = false;
          showError('网络错误: ' + err);
        });
    }

    more.addEventListener('click', load);
    if ('IntersectionObserver' in window) {
      new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting && more.parentNode) load();
        });
      }).observe(more);
    }
    load();
  }

  function itemView(id) {
    getJson('/shopc/api/item/' + encodeURIComponent(id))
      .then(function (res) {
        app.textContent = '';
        if (res.status !== 200 || !res.body.item) {
          app.appendChild(el('div', 'item-offline', '该商品已下架'));
          setState('offline');
          return;
        }
        var it = res.body.item;
        var box = el('div', 'item-detail');
        box.setAttribute('data-id', it.id);
        var img = el('img', 'item-image');
        img.setAttribute('src', it.images[0]);
        img.setAttribute('alt', '');
        box.appendChild(img);
        box.appendChild(el('h1', 'item-title', it.title));
        box.appendChild(el('div', 'item-price', '¥' + Number(it.price).toFixed(2)));
        box.appendChild(el('div', 'item-sales', it.sales + '人已买'));
        box.appendChild(el('div', 'item-category', it.category));
        var shop = el('div', 'item-shop');
        var a = link('shop-link', it.shop.url, it.shop.name);
        a.setAttribute('data-seller-id', it.shop.id);
        shop.appendChild(a);
        shop.appendChild(el('span', 'shop-location', it.location));
        box.appendChild(shop);
        box.appendChild(el('div', 'item-desc', it.description));
        app.appendChild(box);
        setState('ready');
      })
      .catch(function (err) {
        showError('网络错误: ' + err);
      });
  }

  if (view === 'search') {
    listView('/shopc/api/search', { q: app.getAttribute('data-q') || '' }, null);
  } else if (view === 'shop') {
    var header = el('div', 'shop-header');
    header.appendChild(el('h1', 'shop-title', ''));
    header.appendChild(el('span', 'shop-location', ''));
    var license = el('div', 'shop-license', '统一社会信用代码：');
    license.appendChild(el('span', 'credit-code', ''));
    header.appendChild(license);
    var seller = app.getAttribute('data-seller') || '';
    header.setAttribute('data-seller-id', seller);
    listView('/shopc/api/shop/' + encodeURIComponent(seller), {}, header);
  } else if (view === 'item') {
    itemView(app.getAttribute('data-id') || '');
  }
})();
