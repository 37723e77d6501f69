(function(){
  function key(td){return td?(td.getAttribute('data-sort')||td.textContent.trim()):'';}
  var coll=new Intl.Collator('zh-CN',{numeric:true});
  document.querySelectorAll('table.sortable').forEach(function(table){
    var ths=table.tHead?table.tHead.rows[0].cells:[];
    Array.prototype.forEach.call(ths,function(th,col){
      th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0];
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=key(a.cells[col]),y=key(b.cells[col]);
          var nx=parseFloat(x),ny=parseFloat(y);
          var c=(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x&&String(ny)===y)?nx-ny:coll.compare(x,y);
          return asc?c:-c;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  // Tells a reader (and the browser test) that the script ran to the end.
  document.documentElement.setAttribute('data-report-ready','1');
})();
