// Tiny Shop: renders the product list, the product page and the cart from the JSON API.
(function () {
  "use strict";

  function money(value) {
    return "$" + value.toFixed(2);
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children || []) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  async function getJSON(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  async function updateCartLink() {
    const cart = await getJSON("/api/cart");
    const link = document.getElementById("cart-link");
    if (link) link.textContent = "Cart (" + cart.items.length + ")";
    return cart;
  }

  async function renderList() {
    const params = new URLSearchParams(location.search);
    const query = params.get("q") || "";
    const input = document.getElementById("search-input");
    if (input) input.value = query;
    const products = await getJSON("/api/products?q=" + encodeURIComponent(query));
    const list = document.getElementById("product-list");
    list.replaceChildren(...products.map((p) =>
      el("li", { class: "product-card", "data-testid": "product" }, [
        el("h3", { class: "product-name" }, [
          el("a", { href: "/product.html?id=" + encodeURIComponent(p.id) }, [p.name]),
        ]),
        el("span", { class: "price", "data-testid": "price" }, [money(p.price)]),
      ])));
    const count = document.getElementById("result-count");
    count.textContent = query
      ? products.length + " products match “" + query + "”"
      : products.length + " products";
  }

  async function renderProduct() {
    const id = new URLSearchParams(location.search).get("id");
    const product = await getJSON("/api/products/" + encodeURIComponent(id || ""));
    document.title = product.name + " · Tiny Shop";
    document.getElementById("product-name").textContent = product.name;
    document.getElementById("product-price").textContent = money(product.price);
    document.getElementById("product-description").textContent = product.description;
    const button = document.getElementById("add-to-cart");
    button.disabled = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      await getJSON("/api/cart", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: product.id }),
      });
      await updateCartLink();
      document.getElementById("cart-status").textContent =
        "Added " + product.name + " to your cart.";
      button.disabled = false;
    });
  }

  async function renderCart() {
    const cart = await getJSON("/api/cart");
    document.getElementById("cart-rows").replaceChildren(...cart.items.map((p) =>
      el("tr", {}, [el("td", {}, [p.name]), el("td", {}, [money(p.price)])])));
  }

  async function main() {
    await updateCartLink();
    if (document.getElementById("product-list")) await renderList();
    if (document.getElementById("product")) await renderProduct();
    if (document.getElementById("cart-rows")) await renderCart();
  }

  main().catch((error) => {
    document.body.prepend(el("p", { role: "alert" }, ["Something went wrong: " + error.message]));
  });
})();
