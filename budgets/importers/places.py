"""Region codes the readers give the places a document names (GB/T 2260); shared by
the template families of one province."""

#: District codes (GB/T 2260) of 上海市's districts.
SHANGHAI_DISTRICTS = {
    "黄浦区": "310101",
    "徐汇区": "310104",
    "长宁区": "310105",
    "静安区": "310106",
    "普陀区": "310107",
    "虹口区": "310109",
    "杨浦区": "310110",
    "闵行区": "310112",
    "宝山区": "310113",
    "嘉定区": "310114",
    "浦东新区": "310115",
    "金山区": "310116",
    "松江区": "310117",
    "青浦区": "310118",
    "奉贤区": "310120",
    "崇明区": "310151",
}
