export default defineBackground(() => {
  console.log('Redline background');
});
