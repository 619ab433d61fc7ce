package demo

// The vocabulary of the demo customers: what a Chinese B2B seller of
// factory and warehouse software meets in a quarter. Companies and
// competitors are invented; any likeness to a real company is chance.

// city is one leaf region of the demo tree, with what makes its companies
// local: districts (for addresses and credit codes), phone area code,
// streets and where its centre lies.
type city struct {
	region    string // the demo region's name
	prefix    string // how local company names start
	province  string // the province prefix some names use instead
	areaCode  string
	districts []district
	lat, lng  float64
	weight    int // share of the customers
	industry  []string
}

// district is where a company is registered (its code starts the credit
// code's division part) and has its office.
type district struct {
	code, name string
	streets    []string
}

var cities = []city{
	{"杭州", "杭州", "浙江", "0571", []district{
		{"330106", "西湖区", []string{"文三路", "天目山路", "古墩路"}},
		{"330108", "滨江区", []string{"江南大道", "滨盛路", "长河路"}},
		{"330110", "余杭区", []string{"文一西路", "五常大道"}},
		{"330109", "萧山区", []string{"建设一路", "市心中路"}},
	}, 30.274, 120.155, 25, []string{"制造业", "软件", "零售连锁", "医药", "物流"}},
	{"绍兴", "绍兴", "浙江", "0575", []district{
		{"330602", "越城区", []string{"解放大道", "人民西路"}},
		{"330603", "柯桥区", []string{"金柯桥大道", "笛扬路"}},
		{"330604", "上虞区", []string{"市民大道", "江扬路"}},
	}, 30.000, 120.582, 15, []string{"制造业", "制造业", "医药", "物流"}},
	{"上海", "上海", "", "021", []district{
		{"310115", "浦东新区", []string{"张江路", "世纪大道", "祖冲之路"}},
		{"310104", "徐汇区", []string{"宜山路", "漕宝路"}},
		{"310112", "闵行区", []string{"春东路", "申富路"}},
	}, 31.230, 121.474, 15, []string{"医药", "软件", "零售连锁", "物流", "教育"}},
	{"深圳", "深圳", "广东", "0755", []district{
		{"440305", "南山区", []string{"科技园南路", "深南大道", "高新南一道"}},
		{"440304", "福田区", []string{"福华路", "深南中路"}},
		{"440306", "宝安区", []string{"宝安大道", "新安六路"}},
		{"440307", "龙岗区", []string{"坂田五和大道", "龙岗大道"}},
	}, 22.543, 114.058, 20, []string{"制造业", "软件", "物流", "零售连锁"}},
	{"广州", "广州", "广东", "020", []district{
		{"440106", "天河区", []string{"天河北路", "中山大道"}},
		{"440112", "黄埔区", []string{"科学大道", "开创大道"}},
		{"440113", "番禺区", []string{"市桥街大北路", "迎宾路"}},
	}, 23.129, 113.264, 15, []string{"零售连锁", "制造业", "医药", "教育"}},
	{"北京", "北京", "", "010", []district{
		{"110108", "海淀区", []string{"中关村大街", "上地信息路"}},
		{"110105", "朝阳区", []string{"酒仙桥路", "望京街"}},
		{"110115", "大兴区", []string{"兴华大街", "荣华南路"}},
	}, 39.904, 116.407, 10, []string{"软件", "教育", "医药", "制造业"}},
}

// trades are the words a company of each industry puts after its brand.
var trades = map[string][]string{
	"制造业":  {"精密机械", "机电设备", "汽车零部件", "五金制品", "电子科技", "新材料", "纺织印染", "包装材料"},
	"医药":   {"医药", "生物科技", "医疗器械", "制药", "药业连锁"},
	"零售连锁": {"商贸", "连锁超市", "便利店管理", "百货", "母婴用品连锁"},
	"物流":   {"物流", "供应链管理", "冷链物流", "国际货运代理", "仓储服务"},
	"教育":   {"教育科技", "职业技能培训", "文化传播", "在线教育"},
	"软件":   {"软件", "信息技术", "网络科技", "数据科技", "智能系统"},
}

// brandChars make up the two-character trade names (字号).
var brandChars = []rune("恒远华瑞达鑫诚信泰和嘉康盛丰兴宏博润锦安聚创新天宇航中正明德隆昌永利通汇海星云源科智卓越捷凯力鼎晟晨峰骏维格联万金东方亿鹏腾飞宸弘启顺")

var suffixes = []struct {
	text   string
	weight int
}{{"有限公司", 70}, {"股份有限公司", 14}, {"有限责任公司", 10}, {"集团有限公司", 6}}

var sources = []struct {
	text   string
	weight int
}{{"展会", 25}, {"官网咨询", 20}, {"老客户转介绍", 20}, {"电话陌拜", 20}, {"招投标", 15}}

var productLines = []string{"MES系统", "WMS仓储", "工业网关", "数据中台", "运维服务"}

var competitors = []string{"华信软件", "启明智造", "云拓科技", "捷联数科"}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蒋蔡余杜叶程")

var givenNames = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "秀英",
	"建华", "志强", "海燕", "丽", "强", "平", "刚", "桂英", "晓东", "文", "斌", "雪", "琳", "浩", "宇", "子涵", "一鸣"}

// roleTitles are the job titles of each decision role, and how
// colleagues address such a person after their surname.
var roleTitles = map[string]struct {
	titles  []string
	address string
}{
	"decision_maker":      {[]string{"总经理", "董事长", "副总裁"}, "总"},
	"influencer":          {[]string{"副总经理", "生产总监", "运营总监"}, "总"},
	"user":                {[]string{"车间主任", "仓储主管", "门店运营经理"}, "主任"},
	"procurement":         {[]string{"采购经理", "采购专员"}, "经理"},
	"finance":             {[]string{"财务总监", "财务经理"}, "经理"},
	"technical_evaluator": {[]string{"IT经理", "信息化负责人", "技术总监"}, "工"},
}

// contactRoles is the order in which a customer's contacts come to light.
var contactRoles = []string{"decision_maker", "technical_evaluator", "procurement", "finance", "user",
	"influencer"}

// mobilePrefixes are real mobile number blocks.
var mobilePrefixes = []string{"130", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157",
	"158", "159", "166", "176", "177", "180", "181", "186", "187", "188", "189", "198", "199"}

// note is a follow-up template. Placeholders: {c} the contact's short
// name, {p} a product line, {x} a competitor, {n} a small number, {m} a
// month, {w} an amount in units of 10,000 CNY.
type note struct {
	text  string
	kinds []string // the kinds of follow-up it fits
	tags  []string // talk tags a rep would pick for it by hand
}

var (
	anyKind = []string{"call", "wechat", "visit"}
	byPhone = []string{"call", "wechat"}
	inMeet  = []string{"visit", "meeting"}
)

// Notes by the stage of the deal. Their words include the default
// keywords (账期, 国产替代, 预算紧, 交期, 交付周期, 太贵, 降价, 竞品, 对手, 预算批,
// 老板, 总经理), so keyword tags appear on their own.
var (
	firstNotes = []note{
		{"首次电话沟通，{c}介绍目前排产全靠Excel，想了解{p}，约了下周上门演示。", []string{"call"}, nil},
		{"首次拜访，{c}介绍了公司业务和信息化现状，对{p}有初步兴趣。", []string{"visit"}, nil},
		{"{c}加了微信，先发了公司介绍和{p}的资料。", []string{"wechat"}, nil},
	}
	earlyNotes = []note{
		{"上门拜访{c}，参观了车间，老板也来听了半小时，对{p}兴趣较大。", []string{"visit"}, []string{"决策人参与"}},
		{"{c}说今年预算紧，{p}可能要拆成两期做，一期先上核心模块。", anyKind, []string{"提及预算紧张"}},
		{"客户关心交付周期，问{p}从签约到上线要多久，我说标准实施{n}周。", anyKind, nil},
		{"{c}提到集团在推国产替代，核心系统要用国产数据库，需要我们出兼容性说明。", inMeet, nil},
		{"微信发了{p}的同行案例和报价区间，{c}说转给总经理看看。", []string{"wechat"}, nil},
		{"参加客户内部需求评审，IT和生产两边意见不一，需求还要再梳理。", []string{"meeting"}, nil},
		{"{c}问交期能不能赶在{m}月底前，旺季前要上线。", byPhone, []string{"询问交付周期"}},
		{"电话回访，{c}在出差，约下周再聊。", []string{"call"}, nil},
		{"客户在招投标平台发了询价公告，我们已报名，标书{n}天后截止。", []string{"email"}, nil},
	}
	quoteNotes = []note{
		{"发了正式报价，{c}嫌太贵，希望再降价{n}个点。", []string{"email", "wechat", "call"}, []string{"价格异议"}},
		{"{c}说竞品{x}报价比我们低{n}%，要我们给个说法。", []string{"call", "visit"}, []string{"价格异议"}},
		{"技术交流会，对方IT把我们和{x}的方案逐条对比，接口和二次开发是重点。", []string{"meeting"},
			[]string{"技术方案对比"}},
		{"{c}提出付款方式要3-6-1，账期{n}0天，需要请示我们财务。", []string{"call", "visit", "meeting"}, nil},
		{"好消息，{c}说预算批下来了，{w}万，下月走采购流程。", byPhone, nil},
		{"商务谈判，{c}要求延长一年维保并缩短交付周期，总经理在场。", inMeet, []string{"决策人参与"}},
		{"对手在压价，{c}暗示我们价格再低一点就签。", byPhone, []string{"价格异议"}},
		{"采购部要求补充资质文件和三家比价材料，{c}催得比较急。", []string{"email", "call"}, nil},
		{"老板亲自过问，担心国产替代后老系统数据迁移的风险。", inMeet, []string{"国产替代顾虑"}},
		{"{c}反馈方案书写得很清楚，但账期和验收标准还要再谈。", []string{"call", "email"}, nil},
	}
	wonNotes = []note{
		{"合同已签，首付款{n}0%，{c}要求{m}月中旬启动实施。", []string{"visit"}, nil},
		{"中标通知书已收到，{w}万，{c}安排下周开项目启动会。", []string{"email", "call"}, nil},
	}
	lostNotes = []note{
		{"客户最终选了{x}，价格比我们低{n}%，{c}说下次有机会再合作。", []string{"call"}, nil},
		{"项目暂停，{c}说今年预算紧，整体往后推，先不做了。", byPhone, []string{"提及预算紧张"}},
	}
	poolNotes = []note{
		{"公海客户，电话联系{c}，对方暂时没有采购计划，半年后再联系。", []string{"call"}, nil},
		{"展会上留的名片，回访确认有{p}需求，准备申请领取。", []string{"call"}, nil},
		{"官网留言的线索，{c}问了{p}的价格，说先内部讨论。", []string{"call", "wechat", "email"}, nil},
	}
	// presalesNotes are what presales records: technical meetings and
	// site surveys.
	presalesNotes = []note{
		{"技术交流：给{c}演示{p}，对方重点问了和现有ERP的接口。", []string{"meeting"}, nil},
		{"技术交流：对方IT把我们和{x}的方案逐条对比，二次开发能力是重点。", []string{"meeting"},
			[]string{"技术方案对比"}},
		{"技术交流：{c}提到国产替代要求，我们说明了对国产数据库和操作系统的适配情况。", []string{"meeting"}, nil},
		{"现场勘查产线和仓库，评估{p}的部署条件，网络改造工作量不小，交付周期可能要多两周。", []string{"visit"}, nil},
	}
)

// Next steps a rep plans, by the stage of the deal.
var (
	earlySteps = []string{"发送{p}方案和报价", "安排技术交流会", "约总经理面谈", "提交国产数据库兼容性说明",
		"寄送样品和案例集", "回访确认需求范围", "安排现场演示"}
	quoteSteps = []string{"准备商务报价第二版", "跟进付款条款审批", "约总经理面谈", "补充三家比价材料", "催合同盖章"}
)

// stage is what the follow-ups of one stage of a deal say and plan.
type stage struct {
	notes []note
	steps []string
}

var (
	firstStage    = stage{firstNotes, earlySteps}
	earlyStage    = stage{earlyNotes, earlySteps}
	quoteStage    = stage{quoteNotes, quoteSteps}
	wonStage      = stage{wonNotes, []string{"安排项目启动会"}}
	lostStage     = stage{lostNotes, nil}
	poolStage     = stage{poolNotes, []string{"回访确认需求范围", "申请领取"}}
	presalesStage = stage{presalesNotes, []string{"输出技术方案", "补充接口说明文档"}}
)

// statusReasons explain status statements, by the status stated.
var statusReasons = map[string][]string{
	"following": {"客户有明确需求，开始跟进", "领取后首次沟通，需求属实"},
	"quoted":    {"已发正式报价单", "报价第二版已发，等客户确认"},
	"unclear":   {"客户技术部说需求还没定，要再沟通", "对方换了对接人，需求要重新确认"},
	"won":       {"合同已签", "中标"},
	"lost":      {"客户选了别家，价格差距大", "项目取消"},
}
