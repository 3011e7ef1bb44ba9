/* Scroll the window and Streamlit's main area to the top, before a page is measured. */
() => {
  window.scrollTo(0, 0);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) main.scrollTop = 0;
}
