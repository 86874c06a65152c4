<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>catalogue</name>
        <message>
            <source>户籍</source>
            <translation>Household registration</translation>
        </message>
        <message>
            <source>身份证</source>
            <translation>ID cards</translation>
        </message>
        <message>
            <source>出入境</source>
            <translation>Exit and entry</translation>
        </message>
        <message>
            <source>社会保险</source>
            <translation>Social insurance</translation>
        </message>
        <message>
            <source>医疗保障</source>
            <translation>Medical insurance</translation>
        </message>
        <message>
            <source>住房公积金</source>
            <translation>Housing provident fund</translation>
        </message>
        <message>
            <source>不动产登记</source>
            <translation>Real estate registration</translation>
        </message>
        <message>
            <source>婚姻登记</source>
            <translation>Marriage registration</translation>
        </message>
        <message>
            <source>生育收养</source>
            <translation>Births and adoption</translation>
        </message>
        <message>
            <source>教育</source>
            <translation>Education</translation>
        </message>
        <message>
            <source>社会救助</source>
            <translation>Social assistance</translation>
        </message>
        <message>
            <source>残疾人服务</source>
            <translation>Services for people with disabilities</translation>
        </message>
        <message>
            <source>退役军人服务</source>
            <translation>Veterans services</translation>
        </message>
        <message>
            <source>就业创业</source>
            <translation>Jobs and starting a business</translation>
        </message>
        <message>
            <source>交通出行</source>
            <translation>Driving and transport</translation>
        </message>
        <message>
            <source>住房保障</source>
            <translation>Affordable housing</translation>
        </message>
        <message>
            <source>农业农村</source>
            <translation>Agriculture and rural affairs</translation>
        </message>
        <message>
            <source>殡葬服务</source>
            <translation>Funeral services</translation>
        </message>
        <message>
            <source>司法公证</source>
            <translation>Legal aid and notary</translation>
        </message>
        <message>
            <source>税务（个人）</source>
            <translation>Taxes (individuals)</translation>
        </message>
        <message>
            <source>公用事业</source>
            <translation>Utilities</translation>
        </message>
        <message>
            <source>老年人服务</source>
            <translation>Services for older people</translation>
        </message>
        <message>
            <source>企业开办</source>
            <translation>Starting a business</translation>
        </message>
        <message>
            <source>涉税服务</source>
            <translation>Tax services</translation>
        </message>
        <message>
            <source>市场准入许可</source>
            <translation>Market entry permits</translation>
        </message>
        <message>
            <source>工程建设</source>
            <translation>Construction projects</translation>
        </message>
        <message>
            <source>生态环境</source>
            <translation>Environment</translation>
        </message>
        <message>
            <source>交通运输</source>
            <translation>Transport operators</translation>
        </message>
        <message>
            <source>人力资源（单位）</source>
            <translation>Human resources (employers)</translation>
        </message>
        <message>
            <source>申请人姓名</source>
            <translation>Applicant's name</translation>
        </message>
        <message>
            <source>公民身份号码</source>
            <translation>Citizen ID number</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>子女姓名</source>
            <translation>Child's name</translation>
        </message>
        <message>
            <source>子女性别</source>
            <translation>Child's sex</translation>
        </message>
        <message>
            <source>男</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>女</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>子女出生日期</source>
            <translation>Child's date of birth</translation>
        </message>
        <message>
            <source>性别</source>
            <translation>Sex</translation>
        </message>
        <message>
            <source>出生日期</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>民族</source>
            <translation>Ethnic group</translation>
        </message>
        <message>
            <source>户籍地址</source>
            <translation>Registered address</translation>
        </message>
        <message>
            <source>现居住地址</source>
            <translation>Current address</translation>
        </message>
        <message>
            <source>申请事由</source>
            <translation>Reason for applying</translation>
        </message>
        <message>
            <source>与申请人关系</source>
            <translation>Relationship to the applicant</translation>
        </message>
        <message>
            <source>本人</source>
            <translation>Self</translation>
        </message>
        <message>
            <source>配偶</source>
            <translation>Spouse</translation>
        </message>
        <message>
            <source>子女</source>
            <translation>Child</translation>
        </message>
        <message>
            <source>父母</source>
            <translation>Parent</translation>
        </message>
        <message>
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>逝者姓名</source>
            <translation>Deceased's name</translation>
        </message>
        <message>
            <source>逝者公民身份号码</source>
            <translation>Deceased's citizen ID number</translation>
        </message>
        <message>
            <source>死亡日期</source>
            <translation>Date of death</translation>
        </message>
        <message>
            <source>手机号码（接收短信通知）</source>
            <translation>Mobile number (for text messages)</translation>
        </message>
        <message>
            <source>前往国家或地区</source>
            <translation>Destination country or region</translation>
        </message>
        <message>
            <source>参保险种</source>
            <translation>Insurance scheme</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险</source>
            <translation>Basic pension insurance for urban and rural residents</translation>
        </message>
        <message>
            <source>城乡居民基本医疗保险</source>
            <translation>Basic medical insurance for urban and rural residents</translation>
        </message>
        <message>
            <source>职工基本养老保险</source>
            <translation>Employees' basic pension insurance</translation>
        </message>
        <message>
            <source>职工基本医疗保险</source>
            <translation>Employees' basic medical insurance</translation>
        </message>
        <message>
            <source>就诊医院</source>
            <translation>Hospital</translation>
        </message>
        <message>
            <source>申请金额（元）</source>
            <translation>Amount applied for (yuan)</translation>
        </message>
        <message>
            <source>开户银行</source>
            <translation>Bank</translation>
        </message>
        <message>
            <source>银行账号</source>
            <translation>Bank account number</translation>
        </message>
        <message>
            <source>不动产坐落</source>
            <translation>Property location</translation>
        </message>
        <message>
            <source>不动产权证书号</source>
            <translation>Real estate certificate number</translation>
        </message>
        <message>
            <source>建筑面积（平方米）</source>
            <translation>Floor area (m²)</translation>
        </message>
        <message>
            <source>用地面积（平方米）</source>
            <translation>Land area (m²)</translation>
        </message>
        <message>
            <source>配偶姓名</source>
            <translation>Spouse's name</translation>
        </message>
        <message>
            <source>配偶公民身份号码</source>
            <translation>Spouse's citizen ID number</translation>
        </message>
        <message>
            <source>家庭人口数</source>
            <translation>Household size</translation>
        </message>
        <message>
            <source>家庭月收入（元）</source>
            <translation>Monthly household income (yuan)</translation>
        </message>
        <message>
            <source>企业名称</source>
            <translation>Company name</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>法定代表人</source>
            <translation>Legal representative</translation>
        </message>
        <message>
            <source>经营场所</source>
            <translation>Business premises</translation>
        </message>
        <message>
            <source>学校名称</source>
            <translation>School</translation>
        </message>
        <message>
            <source>残疾类别</source>
            <translation>Type of disability</translation>
        </message>
        <message>
            <source>视力残疾</source>
            <translation>Visual</translation>
        </message>
        <message>
            <source>听力残疾</source>
            <translation>Hearing</translation>
        </message>
        <message>
            <source>言语残疾</source>
            <translation>Speech</translation>
        </message>
        <message>
            <source>肢体残疾</source>
            <translation>Physical</translation>
        </message>
        <message>
            <source>智力残疾</source>
            <translation>Intellectual</translation>
        </message>
        <message>
            <source>精神残疾</source>
            <translation>Mental</translation>
        </message>
        <message>
            <source>多重残疾</source>
            <translation>Multiple</translation>
        </message>
        <message>
            <source>准驾车型</source>
            <translation>Licence class</translation>
        </message>
        <message>
            <source>号牌号码</source>
            <translation>Number plate</translation>
        </message>
        <message>
            <source>项目名称</source>
            <translation>Project name</translation>
        </message>
        <message>
            <source>建设地点</source>
            <translation>Project location</translation>
        </message>
        <message>
            <source>注册资本（万元）</source>
            <translation>Registered capital (10,000 yuan)</translation>
        </message>
        <message>
            <source>经营范围</source>
            <translation>Business scope</translation>
        </message>
        <message>
            <source>窗口自取</source>
            <translation>Collect at the window</translation>
        </message>
        <message>
            <source>邮政寄递</source>
            <translation>Send by post</translation>
        </message>
        <message>
            <source>申请人居民身份证</source>
            <translation>Applicant's resident ID card</translation>
        </message>
        <message>
            <source>居民户口簿</source>
            <translation>Household register booklet</translation>
        </message>
        <message>
            <source>近期免冠一寸彩色照片</source>
            <translation>Recent 1-inch colour photo, bareheaded</translation>
        </message>
        <message>
            <source>数码相片回执</source>
            <translation>Digital photo receipt</translation>
        </message>
        <message>
            <source>原居民身份证</source>
            <translation>Old resident ID card</translation>
        </message>
        <message>
            <source>遗失声明</source>
            <translation>Statement of loss</translation>
        </message>
        <message>
            <source>结婚证</source>
            <translation>Marriage certificate</translation>
        </message>
        <message>
            <source>离婚证或离婚判决书</source>
            <translation>Divorce certificate or judgment</translation>
        </message>
        <message>
            <source>出生医学证明</source>
            <translation>Medical birth certificate</translation>
        </message>
        <message>
            <source>配偶居民身份证</source>
            <translation>Spouse's resident ID card</translation>
        </message>
        <message>
            <source>配偶居民户口簿</source>
            <translation>Spouse's household register booklet</translation>
        </message>
        <message>
            <source>本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明</source>
            <translation>Signed statement of having no spouse and no close blood relationship with the other party</translation>
        </message>
        <message>
            <source>准予迁入证明</source>
            <translation>Permit to move in</translation>
        </message>
        <message>
            <source>不动产权证书或房屋产权证明</source>
            <translation>Real estate certificate or proof of home ownership</translation>
        </message>
        <message>
            <source>房屋租赁合同</source>
            <translation>Tenancy agreement</translation>
        </message>
        <message>
            <source>居住证明（社区或派出所出具）</source>
            <translation>Proof of residence (from the community or police station)</translation>
        </message>
        <message>
            <source>劳动合同或就业证明</source>
            <translation>Employment contract or proof of employment</translation>
        </message>
        <message>
            <source>学籍证明或录取通知书</source>
            <translation>Proof of enrolment or admission letter</translation>
        </message>
        <message>
            <source>毕业证书</source>
            <translation>Graduation certificate</translation>
        </message>
        <message>
            <source>学位证书</source>
            <translation>Degree certificate</translation>
        </message>
        <message>
            <source>居民死亡医学证明（推断）书</source>
            <translation>Medical certificate of death</translation>
        </message>
        <message>
            <source>亲属关系证明</source>
            <translation>Proof of kinship</translation>
        </message>
        <message>
            <source>本人社会保障卡或银行卡</source>
            <translation>Own social security card or bank card</translation>
        </message>
        <message>
            <source>社会保障卡</source>
            <translation>Social security card</translation>
        </message>
        <message>
            <source>医疗费用票据及费用清单</source>
            <translation>Medical bills and itemised charges</translation>
        </message>
        <message>
            <source>病历、诊断证明</source>
            <translation>Medical records and diagnosis</translation>
        </message>
        <message>
            <source>出院小结</source>
            <translation>Discharge summary</translation>
        </message>
        <message>
            <source>转诊转院备案表</source>
            <translation>Referral registration form</translation>
        </message>
        <message>
            <source>家庭收入及财产状况说明</source>
            <translation>Statement of household income and assets</translation>
        </message>
        <message>
            <source>共同生活家庭成员身份证件及户口簿</source>
            <translation>Household members' ID cards and household register</translation>
        </message>
        <message>
            <source>中华人民共和国残疾人证</source>
            <translation>Disability certificate of the PRC</translation>
        </message>
        <message>
            <source>近期免冠二寸彩色照片</source>
            <translation>Recent 2-inch colour photo, bareheaded</translation>
        </message>
        <message>
            <source>退役证明或退伍证</source>
            <translation>Proof of discharge from the armed forces</translation>
        </message>
        <message>
            <source>退休证或离退休审批表</source>
            <translation>Retirement certificate or approval form</translation>
        </message>
        <message>
            <source>购房合同或买卖合同</source>
            <translation>Purchase contract</translation>
        </message>
        <message>
            <source>完税凭证</source>
            <translation>Tax payment receipt</translation>
        </message>
        <message>
            <source>不动产权籍调查成果</source>
            <translation>Property survey results</translation>
        </message>
        <message>
            <source>借款合同及抵押合同</source>
            <translation>Loan and mortgage contracts</translation>
        </message>
        <message>
            <source>解除抵押证明</source>
            <translation>Proof of mortgage release</translation>
        </message>
        <message>
            <source>住房公积金缴存证明</source>
            <translation>Proof of housing fund contributions</translation>
        </message>
        <message>
            <source>购房发票</source>
            <translation>Home purchase invoice</translation>
        </message>
        <message>
            <source>房租发票或租赁备案证明</source>
            <translation>Rent invoice or tenancy registration</translation>
        </message>
        <message>
            <source>机动车驾驶证</source>
            <translation>Driving licence</translation>
        </message>
        <message>
            <source>机动车行驶证</source>
            <translation>Vehicle registration certificate</translation>
        </message>
        <message>
            <source>机动车驾驶人身体条件证明</source>
            <translation>Driver's medical certificate</translation>
        </message>
        <message>
            <source>机动车销售统一发票</source>
            <translation>Vehicle sales invoice</translation>
        </message>
        <message>
            <source>交强险保单</source>
            <translation>Compulsory traffic insurance policy</translation>
        </message>
        <message>
            <source>土地承包经营权证或承包合同</source>
            <translation>Land contract certificate or contract</translation>
        </message>
        <message>
            <source>宅基地和建房（规划许可）申请表</source>
            <translation>Homestead and building (planning permit) application form</translation>
        </message>
        <message>
            <source>村民小组及村民委员会意见</source>
            <translation>Opinion of the villagers' group and village committee</translation>
        </message>
        <message>
            <source>建房位置示意图及设计图</source>
            <translation>Site sketch and building plans</translation>
        </message>
        <message>
            <source>火化证明</source>
            <translation>Cremation certificate</translation>
        </message>
        <message>
            <source>公证申请表</source>
            <translation>Notarisation application form</translation>
        </message>
        <message>
            <source>法律援助申请表</source>
            <translation>Legal aid application form</translation>
        </message>
        <message>
            <source>经济困难状况说明表</source>
            <translation>Statement of financial hardship</translation>
        </message>
        <message>
            <source>与所申请法律援助事项有关的证明材料</source>
            <translation>Evidence on the matter of the legal aid request</translation>
        </message>
        <message>
            <source>代办人居民身份证</source>
            <translation>Agent's resident ID card</translation>
        </message>
        <message>
            <source>授权委托书</source>
            <translation>Power of attorney</translation>
        </message>
        <message>
            <source>营业执照</source>
            <translation>Business licence</translation>
        </message>
        <message>
            <source>法定代表人身份证件</source>
            <translation>Legal representative's ID</translation>
        </message>
        <message>
            <source>公司章程</source>
            <translation>Articles of association</translation>
        </message>
        <message>
            <source>股东主体资格证明或自然人身份证件</source>
            <translation>Shareholders' registration papers or ID cards</translation>
        </message>
        <message>
            <source>住所（经营场所）使用证明</source>
            <translation>Proof of use of the premises</translation>
        </message>
        <message>
            <source>企业名称自主申报告知书</source>
            <translation>Company name declaration notice</translation>
        </message>
        <message>
            <source>股东会决议或股东决定</source>
            <translation>Shareholders' resolution or decision</translation>
        </message>
        <message>
            <source>变更登记申请书</source>
            <translation>Application for change of registration</translation>
        </message>
        <message>
            <source>注销登记申请书</source>
            <translation>Application for deregistration</translation>
        </message>
        <message>
            <source>清算报告或全体投资人承诺书</source>
            <translation>Liquidation report or all investors' undertaking</translation>
        </message>
        <message>
            <source>印章刻制备案表</source>
            <translation>Seal engraving registration form</translation>
        </message>
        <message>
            <source>银行开户许可或基本存款账户信息</source>
            <translation>Bank account permit or basic account details</translation>
        </message>
        <message>
            <source>税务信息确认表</source>
            <translation>Tax information confirmation form</translation>
        </message>
        <message>
            <source>发票领用申请表</source>
            <translation>Invoice collection application form</translation>
        </message>
        <message>
            <source>财务会计报表</source>
            <translation>Financial statements</translation>
        </message>
        <message>
            <source>经营场所平面图及设备布局图</source>
            <translation>Floor plan and equipment layout of the premises</translation>
        </message>
        <message>
            <source>食品安全管理制度</source>
            <translation>Food safety management rules</translation>
        </message>
        <message>
            <source>从业人员健康证明</source>
            <translation>Staff's health certificates</translation>
        </message>
        <message>
            <source>卫生设施布局平面图</source>
            <translation>Layout of sanitary facilities</translation>
        </message>
        <message>
            <source>消防设计文件及建筑平面图</source>
            <translation>Fire protection design and floor plans</translation>
        </message>
        <message>
            <source>消防安全检查申报表</source>
            <translation>Fire safety inspection application</translation>
        </message>
        <message>
            <source>环境影响报告表（书）</source>
            <translation>Environmental impact report</translation>
        </message>
        <message>
            <source>排污许可申请表</source>
            <translation>Discharge permit application form</translation>
        </message>
        <message>
            <source>建设用地规划许可证或土地使用证明</source>
            <translation>Land-use planning permit or proof of land use</translation>
        </message>
        <message>
            <source>施工图设计文件审查合格书</source>
            <translation>Construction drawing review certificate</translation>
        </message>
        <message>
            <source>施工合同及监理合同</source>
            <translation>Construction and supervision contracts</translation>
        </message>
        <message>
            <source>工程质量安全监督手续</source>
            <translation>Quality and safety supervision papers</translation>
        </message>
        <message>
            <source>工程竣工验收报告</source>
            <translation>Completion acceptance report</translation>
        </message>
        <message>
            <source>道路运输经营申请表</source>
            <translation>Road transport business application form</translation>
        </message>
        <message>
            <source>拟投入车辆承诺书及车辆清单</source>
            <translation>Vehicle undertaking and list of vehicles</translation>
        </message>
        <message>
            <source>驾驶员从业资格证</source>
            <translation>Drivers' qualification certificates</translation>
        </message>
        <message>
            <source>安全生产管理制度文本</source>
            <translation>Work safety rules</translation>
        </message>
        <message>
            <source>药品质量管理文件目录</source>
            <translation>Drug quality management documents</translation>
        </message>
        <message>
            <source>执业药师注册证</source>
            <translation>Licensed pharmacist registration</translation>
        </message>
        <message>
            <source>文化经营许可申请表</source>
            <translation>Cultural business permit application form</translation>
        </message>
        <message>
            <source>参保职工花名册</source>
            <translation>Roster of insured employees</translation>
        </message>
        <message>
            <source>工资发放明细表</source>
            <translation>Payroll details</translation>
        </message>
        <message>
            <source>工伤认定申请表及事故调查报告</source>
            <translation>Work injury application and accident report</translation>
        </message>
        <message>
            <source>劳动关系证明材料</source>
            <translation>Proof of the employment relationship</translation>
        </message>
        <message>
            <source>解除或终止劳动关系证明</source>
            <translation>Proof of termination of employment</translation>
        </message>
        <message>
            <source>创业计划书</source>
            <translation>Business plan</translation>
        </message>
        <message>
            <source>担保人或反担保材料</source>
            <translation>Guarantor or counter-guarantee papers</translation>
        </message>
        <message>
            <source>子女近期免冠一寸照片</source>
            <translation>Child's recent 1-inch photo, bareheaded</translation>
        </message>
        <message>
            <source>预防接种证</source>
            <translation>Vaccination certificate</translation>
        </message>
        <message>
            <source>孕情检查证明</source>
            <translation>Pregnancy check certificate</translation>
        </message>
        <message>
            <source>高龄津贴申请表</source>
            <translation>Old-age allowance application form</translation>
        </message>
        <message>
            <source>失能等级评估报告</source>
            <translation>Disability level assessment report</translation>
        </message>
        <message>
            <source>用水（用气、用电）报装申请表</source>
            <translation>Water (gas, electricity) connection application form</translation>
        </message>
        <message>
            <source>种植面积或养殖规模清单</source>
            <translation>List of planted area or livestock</translation>
        </message>
        <message>
            <source>补贴申请表</source>
            <translation>Subsidy application form</translation>
        </message>
        <message>
            <source>出入境证件申请表</source>
            <translation>Exit-entry document application form</translation>
        </message>
        <message>
            <source>原护照或通行证</source>
            <translation>Old passport or travel permit</translation>
        </message>
        <message>
            <source>邀请函或行程证明</source>
            <translation>Invitation letter or travel itinerary</translation>
        </message>
        <message>
            <source>居民身份证</source>
            <translation>Resident ID card</translation>
        </message>
        <message>
            <source>如有</source>
            <translation>if any</translation>
        </message>
        <message>
            <source>委托他人代办的提供</source>
            <translation>if applying through an agent</translation>
        </message>
        <message>
            <source>不动产权证书</source>
            <translation>Real estate certificate</translation>
        </message>
        <message>
            <source>学历证书</source>
            <translation>Diploma</translation>
        </message>
        <message>
            <source>死亡医学证明</source>
            <translation>Medical certificate of death</translation>
        </message>
        <message>
            <source>完税证明</source>
            <translation>Tax payment certificate</translation>
        </message>
        <message>
            <source>残疾人证</source>
            <translation>Disability certificate</translation>
        </message>
        <message>
            <source>退役军人证</source>
            <translation>Veteran certificate</translation>
        </message>
        <message>
            <source>出生登记</source>
            <translation>Birth registration</translation>
        </message>
        <message>
            <source>户口迁入（投靠）</source>
            <translation>Moving a household registration in (joining relatives)</translation>
        </message>
        <message>
            <source>户口迁入（购房落户）</source>
            <translation>Moving a household registration in (home purchase)</translation>
        </message>
        <message>
            <source>户口迁入（人才引进）</source>
            <translation>Moving a household registration in (talent scheme)</translation>
        </message>
        <message>
            <source>户口迁出</source>
            <translation>Moving a household registration out</translation>
        </message>
        <message>
            <source>户口迁移（省内一站式）</source>
            <translation>Household registration transfer (within the province, one stop)</translation>
        </message>
        <message>
            <source>死亡人员户口注销</source>
            <translation>Cancelling the household registration of a deceased person</translation>
        </message>
        <message>
            <source>户口簿补领</source>
            <translation>Replacing a lost household register booklet</translation>
        </message>
        <message>
            <source>户口簿换领</source>
            <translation>Renewing a household register booklet</translation>
        </message>
        <message>
            <source>户籍信息变更更正</source>
            <translation>Changing or correcting household registration details</translation>
        </message>
        <message>
            <source>户籍证明开具</source>
            <translation>Certificate of household registration</translation>
        </message>
        <message>
            <source>无犯罪记录证明开具</source>
            <translation>Certificate of no criminal record</translation>
        </message>
        <message>
            <source>居住证申领</source>
            <translation>Applying for a residence permit</translation>
        </message>
        <message>
            <source>居住证签注</source>
            <translation>Endorsing a residence permit</translation>
        </message>
        <message>
            <source>居住登记</source>
            <translation>Residence registration</translation>
        </message>
        <message>
            <source>分户</source>
            <translation>Splitting a household</translation>
        </message>
        <message>
            <source>立户</source>
            <translation>Establishing a household</translation>
        </message>
        <message>
            <source>入户地址变更</source>
            <translation>Changing the registered address</translation>
        </message>
        <message>
            <source>大中专院校学生户口迁移</source>
            <translation>College students' household registration transfer</translation>
        </message>
        <message>
            <source>收养登记后户口登记</source>
            <translation>Household registration after adoption</translation>
        </message>
        <message>
            <source>居民身份证申领</source>
            <translation>Applying for a resident ID card</translation>
        </message>
        <message>
            <source>居民身份证换领</source>
            <translation>Renewing a resident ID card</translation>
        </message>
        <message>
            <source>居民身份证补领</source>
            <translation>Replacing a lost resident ID card</translation>
        </message>
        <message>
            <source>临时居民身份证申领</source>
            <translation>Applying for a temporary resident ID card</translation>
        </message>
        <message>
            <source>居民身份证异地受理</source>
            <translation>Resident ID card away from the registered place</translation>
        </message>
        <message>
            <source>居民身份证挂失申报</source>
            <translation>Reporting a resident ID card lost</translation>
        </message>
        <message>
            <source>居民身份证信息变更</source>
            <translation>Changing resident ID card details</translation>
        </message>
        <message>
            <source>居民身份证办理进度查询</source>
            <translation>Resident ID card progress enquiry</translation>
        </message>
        <message>
            <source>电子身份证开通</source>
            <translation>Activating the electronic ID card</translation>
        </message>
        <message>
            <source>普通护照签发</source>
            <translation>Issuing an ordinary passport</translation>
        </message>
        <message>
            <source>普通护照换发</source>
            <translation>Renewing an ordinary passport</translation>
        </message>
        <message>
            <source>普通护照补发</source>
            <translation>Replacing a lost ordinary passport</translation>
        </message>
        <message>
            <source>往来港澳通行证及签注签发</source>
            <translation>Hong Kong and Macao travel permit and endorsement</translation>
        </message>
        <message>
            <source>往来港澳通行证再次签注</source>
            <translation>Further endorsement for Hong Kong and Macao</translation>
        </message>
        <message>
            <source>大陆居民往来台湾通行证签发</source>
            <translation>Mainland residents’ travel permit to Taiwan</translation>
        </message>
        <message>
            <source>赴台签注签发</source>
            <translation>Endorsement for travel to Taiwan</translation>
        </message>
        <message>
            <source>外国人签证证件延期</source>
            <translation>Extending a foreigner's visa or permit</translation>
        </message>
        <message>
            <source>外国人住宿登记</source>
            <translation>Accommodation registration for foreigners</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险参保登记</source>
            <translation>Enrolling in basic pension insurance for urban and rural residents</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险待遇申领</source>
            <translation>Claiming residents’ basic pension benefits</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险注销登记</source>
            <translation>Ending residents’ basic pension insurance</translation>
        </message>
        <message>
            <source>城乡居民养老保险关系转移接续</source>
            <translation>Transferring residents’ pension insurance</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险缴费档次变更</source>
            <translation>Changing the contribution level of residents’ pension insurance</translation>
        </message>
        <message>
            <source>城乡居民基本养老保险丧葬补助金申领</source>
            <translation>Funeral grant from residents’ pension insurance</translation>
        </message>
        <message>
            <source>职工基本养老保险参保登记</source>
            <translation>Enrolling in employees' basic pension insurance</translation>
        </message>
        <message>
            <source>职工基本养老保险关系转移接续</source>
            <translation>Transferring employees' pension insurance</translation>
        </message>
        <message>
            <source>职工正常退休（职）申请</source>
            <translation>Applying for retirement</translation>
        </message>
        <message>
            <source>职工基本养老保险个人账户一次性待遇申领</source>
            <translation>One-off payment from a personal pension account</translation>
        </message>
        <message>
            <source>养老保险待遇资格认证</source>
            <translation>Pension entitlement check</translation>
        </message>
        <message>
            <source>社会保险个人权益记录查询打印</source>
            <translation>Printing a personal social insurance record</translation>
        </message>
        <message>
            <source>社会保险参保缴费证明开具</source>
            <translation>Certificate of social insurance contributions</translation>
        </message>
        <message>
            <source>社会保障卡申领</source>
            <translation>Applying for a social security card</translation>
        </message>
        <message>
            <source>社会保障卡补领换领</source>
            <translation>Replacing or renewing a social security card</translation>
        </message>
        <message>
            <source>社会保障卡挂失</source>
            <translation>Reporting a social security card lost</translation>
        </message>
        <message>
            <source>社会保障卡信息变更</source>
            <translation>Changing social security card details</translation>
        </message>
        <message>
            <source>失业保险金申领</source>
            <translation>Claiming unemployment benefit</translation>
        </message>
        <message>
            <source>失业登记</source>
            <translation>Registering as unemployed</translation>
        </message>
        <message>
            <source>工伤认定申请</source>
            <translation>Applying for work injury recognition</translation>
        </message>
        <message>
            <source>工伤保险待遇申领</source>
            <translation>Claiming work injury benefits</translation>
        </message>
        <message>
            <source>劳动能力鉴定申请</source>
            <translation>Applying for a work capacity assessment</translation>
        </message>
        <message>
            <source>被征地农民养老保障申请</source>
            <translation>Pension security for farmers whose land was requisitioned</translation>
        </message>
        <message>
            <source>城乡居民基本医疗保险参保登记</source>
            <translation>Enrolling in basic medical insurance for urban and rural residents</translation>
        </message>
        <message>
            <source>职工基本医疗保险参保登记</source>
            <translation>Enrolling in employees' basic medical insurance</translation>
        </message>
        <message>
            <source>基本医疗保险关系转移接续</source>
            <translation>Transferring basic medical insurance</translation>
        </message>
        <message>
            <source>异地就医备案</source>
            <translation>Registering for medical treatment elsewhere</translation>
        </message>
        <message>
            <source>零星医疗费用报销</source>
            <translation>Reimbursing occasional medical expenses</translation>
        </message>
        <message>
            <source>门诊慢特病待遇认定</source>
            <translation>Recognition of chronic and special outpatient conditions</translation>
        </message>
        <message>
            <source>医疗救助申请</source>
            <translation>Applying for medical assistance</translation>
        </message>
        <message>
            <source>生育保险待遇核准支付</source>
            <translation>Maternity insurance benefits</translation>
        </message>
        <message>
            <source>医保个人账户家庭共济绑定</source>
            <translation>Sharing a medical insurance account with family</translation>
        </message>
        <message>
            <source>医疗保障参保信息变更</source>
            <translation>Changing medical insurance details</translation>
        </message>
        <message>
            <source>医保参保凭证查询打印</source>
            <translation>Printing proof of medical insurance</translation>
        </message>
        <message>
            <source>长期护理保险失能评定申请</source>
            <translation>Long-term care insurance disability assessment</translation>
        </message>
        <message>
            <source>住房公积金提取（购买自住住房）</source>
            <translation>Housing fund withdrawal (buying a home)</translation>
        </message>
        <message>
            <source>住房公积金提取（租房）</source>
            <translation>Housing fund withdrawal (renting)</translation>
        </message>
        <message>
            <source>住房公积金提取（离退休）</source>
            <translation>Housing fund withdrawal (retirement)</translation>
        </message>
        <message>
            <source>住房公积金提取（偿还住房贷款）</source>
            <translation>Housing fund withdrawal (repaying a mortgage)</translation>
        </message>
        <message>
            <source>住房公积金提取（离职）</source>
            <translation>Housing fund withdrawal (leaving a job)</translation>
        </message>
        <message>
            <source>住房公积金个人住房贷款</source>
            <translation>Housing fund mortgage</translation>
        </message>
        <message>
            <source>住房公积金缴存证明开具</source>
            <translation>Certificate of housing fund contributions</translation>
        </message>
        <message>
            <source>住房公积金账户转移</source>
            <translation>Transferring a housing fund account</translation>
        </message>
        <message>
            <source>灵活就业人员住房公积金缴存登记</source>
            <translation>Housing fund registration for flexible workers</translation>
        </message>
        <message>
            <source>住房公积金贷款提前还款</source>
            <translation>Early repayment of a housing fund loan</translation>
        </message>
        <message>
            <source>国有建设用地使用权及房屋所有权首次登记</source>
            <translation>First registration of state land use rights and home ownership</translation>
        </message>
        <message>
            <source>国有建设用地使用权及房屋所有权转移登记（二手房买卖）</source>
            <translation>Transfer of land use rights and home ownership (second-hand sale)</translation>
        </message>
        <message>
            <source>国有建设用地使用权及房屋所有权转移登记（新建商品房）</source>
            <translation>Transfer of land use rights and home ownership (new home)</translation>
        </message>
        <message>
            <source>国有建设用地使用权及房屋所有权转移登记（继承）</source>
            <translation>Transfer of land use rights and home ownership (inheritance)</translation>
        </message>
        <message>
            <source>国有建设用地使用权及房屋所有权转移登记（赠与）</source>
            <translation>Transfer of land use rights and home ownership (gift)</translation>
        </message>
        <message>
            <source>不动产抵押权首次登记</source>
            <translation>First registration of a mortgage</translation>
        </message>
        <message>
            <source>不动产抵押权注销登记</source>
            <translation>Cancelling a mortgage registration</translation>
        </message>
        <message>
            <source>不动产变更登记（姓名、证件号变更）</source>
            <translation>Changing real estate registration (name or ID number)</translation>
        </message>
        <message>
            <source>不动产更正登记</source>
            <translation>Correcting a real estate registration</translation>
        </message>
        <message>
            <source>不动产权证书补证换证</source>
            <translation>Replacing or renewing a real estate certificate</translation>
        </message>
        <message>
            <source>不动产登记资料查询</source>
            <translation>Searching real estate registration records</translation>
        </message>
        <message>
            <source>预告登记</source>
            <translation>Advance notice registration</translation>
        </message>
        <message>
            <source>宅基地使用权及房屋所有权首次登记</source>
            <translation>First registration of homestead rights and house ownership</translation>
        </message>
        <message>
            <source>土地承包经营权登记</source>
            <translation>Registering land contract rights</translation>
        </message>
        <message>
            <source>内地居民结婚登记</source>
            <translation>Marriage registration (mainland residents)</translation>
        </message>
        <message>
            <source>内地居民离婚登记</source>
            <translation>Divorce registration (mainland residents)</translation>
        </message>
        <message>
            <source>内地居民补领婚姻登记证</source>
            <translation>Replacing a marriage registration certificate</translation>
        </message>
        <message>
            <source>撤销婚姻登记</source>
            <translation>Annulling a marriage registration</translation>
        </message>
        <message>
            <source>婚姻登记档案查询</source>
            <translation>Searching marriage registration records</translation>
        </message>
        <message>
            <source>涉外（含港澳台）结婚登记</source>
            <translation>Marriage registration with a foreigner (or Hong Kong, Macao, Taiwan resident)</translation>
        </message>
        <message>
            <source>婚前辅导预约</source>
            <translation>Booking pre-marriage counselling</translation>
        </message>
        <message>
            <source>生育登记</source>
            <translation>Birth planning registration</translation>
        </message>
        <message>
            <source>再生育审批</source>
            <translation>Approval for another child</translation>
        </message>
        <message>
            <source>出生医学证明首次签发</source>
            <translation>First issue of a medical birth certificate</translation>
        </message>
        <message>
            <source>出生医学证明补发换发</source>
            <translation>Replacing a medical birth certificate</translation>
        </message>
        <message>
            <source>独生子女父母奖励扶助申请</source>
            <translation>Reward for parents of an only child</translation>
        </message>
        <message>
            <source>计划生育特别扶助申请</source>
            <translation>Special family planning assistance</translation>
        </message>
        <message>
            <source>收养登记</source>
            <translation>Adoption registration</translation>
        </message>
        <message>
            <source>婴幼儿托育机构备案</source>
            <translation>Registering a childcare centre</translation>
        </message>
        <message>
            <source>一孩生育补贴申领</source>
            <translation>Claiming the first-child birth subsidy</translation>
        </message>
        <message>
            <source>预防接种证办理</source>
            <translation>Vaccination certificate</translation>
        </message>
        <message>
            <source>义务教育阶段新生入学登记</source>
            <translation>School enrolment (compulsory education)</translation>
        </message>
        <message>
            <source>随迁子女义务教育入学申请</source>
            <translation>School enrolment for migrant workers' children</translation>
        </message>
        <message>
            <source>义务教育阶段转学</source>
            <translation>Changing schools (compulsory education)</translation>
        </message>
        <message>
            <source>学籍证明开具</source>
            <translation>Certificate of school enrolment</translation>
        </message>
        <message>
            <source>家庭经济困难学生资助申请</source>
            <translation>Aid for students from families in hardship</translation>
        </message>
        <message>
            <source>教师资格认定</source>
            <translation>Teacher qualification</translation>
        </message>
        <message>
            <source>民办学校设立审批</source>
            <translation>Approval of a private school</translation>
        </message>
        <message>
            <source>高中阶段学校招生考试报名</source>
            <translation>Registering for the high school entrance exam</translation>
        </message>
        <message>
            <source>学历认证服务</source>
            <translation>Verifying academic qualifications</translation>
        </message>
        <message>
            <source>校外培训机构审批</source>
            <translation>Approval of an after-school training provider</translation>
        </message>
        <message>
            <source>最低生活保障申请</source>
            <translation>Applying for minimum living allowance (dibao)</translation>
        </message>
        <message>
            <source>特困人员救助供养申请</source>
            <translation>Support for people in extreme poverty</translation>
        </message>
        <message>
            <source>临时救助申请</source>
            <translation>Applying for temporary assistance</translation>
        </message>
        <message>
            <source>低保边缘家庭认定</source>
            <translation>Recognition as a near-dibao household</translation>
        </message>
        <message>
            <source>高龄津贴申请</source>
            <translation>Applying for the old-age allowance</translation>
        </message>
        <message>
            <source>经济困难老年人养老服务补贴申请</source>
            <translation>Care subsidy for older people in hardship</translation>
        </message>
        <message>
            <source>孤儿基本生活费申请</source>
            <translation>Living allowance for orphans</translation>
        </message>
        <message>
            <source>事实无人抚养儿童认定</source>
            <translation>Recognition of children without de facto carers</translation>
        </message>
        <message>
            <source>困难群众取暖补贴申请</source>
            <translation>Heating subsidy for people in hardship</translation>
        </message>
        <message>
            <source>流浪乞讨人员救助</source>
            <translation>Assistance for homeless people</translation>
        </message>
        <message>
            <source>居民家庭经济状况核对</source>
            <translation>Household financial check</translation>
        </message>
        <message>
            <source>残疾人证新办</source>
            <translation>Applying for a disability certificate</translation>
        </message>
        <message>
            <source>残疾人证换领补办</source>
            <translation>Renewing or replacing a disability certificate</translation>
        </message>
        <message>
            <source>残疾人证迁移</source>
            <translation>Transferring a disability certificate</translation>
        </message>
        <message>
            <source>困难残疾人生活补贴和重度残疾人护理补贴申请</source>
            <translation>Living and care subsidies for people with disabilities</translation>
        </message>
        <message>
            <source>残疾人辅助器具适配申请</source>
            <translation>Assistive devices for people with disabilities</translation>
        </message>
        <message>
            <source>残疾人机动轮椅车燃油补贴</source>
            <translation>Fuel subsidy for motorised wheelchairs</translation>
        </message>
        <message>
            <source>残疾儿童康复救助申请</source>
            <translation>Rehabilitation aid for children with disabilities</translation>
        </message>
        <message>
            <source>残疾人就业创业扶持申请</source>
            <translation>Job and business support for people with disabilities</translation>
        </message>
        <message>
            <source>退役士兵安置</source>
            <translation>Resettlement of discharged soldiers</translation>
        </message>
        <message>
            <source>退役军人优待证申领</source>
            <translation>Applying for a veteran preferential treatment card</translation>
        </message>
        <message>
            <source>光荣牌悬挂申请</source>
            <translation>Applying for an honour plaque</translation>
        </message>
        <message>
            <source>优抚对象抚恤补助申请</source>
            <translation>Pensions and allowances for entitled groups</translation>
        </message>
        <message>
            <source>退役军人一次性创业补贴</source>
            <translation>One-off business start-up grant for veterans</translation>
        </message>
        <message>
            <source>兵役登记</source>
            <translation>Military service registration</translation>
        </message>
        <message>
            <source>义务兵家庭优待金发放</source>
            <translation>Allowance for conscripts' families</translation>
        </message>
        <message>
            <source>退役军人信息采集</source>
            <translation>Veteran information registration</translation>
        </message>
        <message>
            <source>就业登记</source>
            <translation>Employment registration</translation>
        </message>
        <message>
            <source>就业创业证申领</source>
            <translation>Applying for an employment and entrepreneurship card</translation>
        </message>
        <message>
            <source>求职登记</source>
            <translation>Registering as a job seeker</translation>
        </message>
        <message>
            <source>创业担保贷款申请</source>
            <translation>Applying for a guaranteed start-up loan</translation>
        </message>
        <message>
            <source>一次性创业补贴申领</source>
            <translation>Claiming a one-off start-up grant</translation>
        </message>
        <message>
            <source>灵活就业社会保险补贴申领</source>
            <translation>Social insurance subsidy for flexible workers</translation>
        </message>
        <message>
            <source>职业技能培训补贴申领</source>
            <translation>Claiming a vocational training subsidy</translation>
        </message>
        <message>
            <source>职业技能等级证书查询</source>
            <translation>Checking a vocational skill certificate</translation>
        </message>
        <message>
            <source>高校毕业生就业报到</source>
            <translation>Job registration for graduates</translation>
        </message>
        <message>
            <source>人事档案接收转递</source>
            <translation>Receiving and transferring personnel files</translation>
        </message>
        <message>
            <source>劳动人事争议仲裁申请</source>
            <translation>Applying for labour dispute arbitration</translation>
        </message>
        <message>
            <source>拖欠农民工工资投诉</source>
            <translation>Complaint about migrant workers' unpaid wages</translation>
        </message>
        <message>
            <source>机动车驾驶证换证</source>
            <translation>Renewing a driving licence</translation>
        </message>
        <message>
            <source>机动车驾驶证补证</source>
            <translation>Replacing a lost driving licence</translation>
        </message>
        <message>
            <source>机动车驾驶证考试报名</source>
            <translation>Booking a driving test</translation>
        </message>
        <message>
            <source>机动车注册登记</source>
            <translation>Registering a vehicle</translation>
        </message>
        <message>
            <source>机动车转移登记</source>
            <translation>Transferring a vehicle</translation>
        </message>
        <message>
            <source>机动车检验合格标志核发</source>
            <translation>Vehicle inspection label</translation>
        </message>
        <message>
            <source>机动车号牌补领</source>
            <translation>Replacing a number plate</translation>
        </message>
        <message>
            <source>机动车注销登记</source>
            <translation>Deregistering a vehicle</translation>
        </message>
        <message>
            <source>交通违法处理</source>
            <translation>Settling traffic offences</translation>
        </message>
        <message>
            <source>电动自行车登记上牌</source>
            <translation>Registering an electric bicycle</translation>
        </message>
        <message>
            <source>道路运输从业人员资格证申领</source>
            <translation>Road transport worker qualification</translation>
        </message>
        <message>
            <source>公共租赁住房申请</source>
            <translation>Applying for public rental housing</translation>
        </message>
        <message>
            <source>保障性租赁住房申请</source>
            <translation>Applying for affordable rental housing</translation>
        </message>
        <message>
            <source>住房租赁补贴申请</source>
            <translation>Applying for a rent subsidy</translation>
        </message>
        <message>
            <source>房屋租赁登记备案</source>
            <translation>Registering a tenancy</translation>
        </message>
        <message>
            <source>商品房买卖合同网签备案</source>
            <translation>Registering a home purchase contract online</translation>
        </message>
        <message>
            <source>农村危房改造补助申请</source>
            <translation>Subsidy for renovating dilapidated rural houses</translation>
        </message>
        <message>
            <source>住房状况证明开具</source>
            <translation>Certificate of housing situation</translation>
        </message>
        <message>
            <source>物业服务投诉</source>
            <translation>Complaint about property management</translation>
        </message>
        <message>
            <source>农村村民宅基地申请</source>
            <translation>Applying for a rural homestead</translation>
        </message>
        <message>
            <source>乡村建设规划许可证核发</source>
            <translation>Rural building planning permit</translation>
        </message>
        <message>
            <source>耕地地力保护补贴申报</source>
            <translation>Farmland protection subsidy</translation>
        </message>
        <message>
            <source>农机购置补贴申请</source>
            <translation>Farm machinery purchase subsidy</translation>
        </message>
        <message>
            <source>土地承包经营权流转合同备案</source>
            <translation>Registering a land contract transfer</translation>
        </message>
        <message>
            <source>农村土地承包经营纠纷调解</source>
            <translation>Mediation of rural land contract disputes</translation>
        </message>
        <message>
            <source>动物防疫条件合格证核发</source>
            <translation>Animal epidemic prevention certificate</translation>
        </message>
        <message>
            <source>农作物种子生产经营许可</source>
            <translation>Crop seed production and trading permit</translation>
        </message>
        <message>
            <source>渔业捕捞许可证核发</source>
            <translation>Fishing permit</translation>
        </message>
        <message>
            <source>家庭农场名录登记</source>
            <translation>Registering a family farm</translation>
        </message>
        <message>
            <source>农业保险投保登记</source>
            <translation>Registering for agricultural insurance</translation>
        </message>
        <message>
            <source>村级公益事业一事一议申报</source>
            <translation>Village public works proposal</translation>
        </message>
        <message>
            <source>遗体火化</source>
            <translation>Cremation</translation>
        </message>
        <message>
            <source>惠民殡葬补贴申领</source>
            <translation>Claiming the funeral subsidy</translation>
        </message>
        <message>
            <source>公墓安葬登记</source>
            <translation>Cemetery burial registration</translation>
        </message>
        <message>
            <source>死亡人员身后一件事联办</source>
            <translation>After a death: all matters at once</translation>
        </message>
        <message>
            <source>因病或非因工死亡供养亲属抚恤金申领</source>
            <translation>Survivors’ pension after death from illness or not at work</translation>
        </message>
        <message>
            <source>法律援助申请</source>
            <translation>Applying for legal aid</translation>
        </message>
        <message>
            <source>公证申请（出生、亲属关系）</source>
            <translation>Notarisation (birth, kinship)</translation>
        </message>
        <message>
            <source>公证申请（学历、学位）</source>
            <translation>Notarisation (diploma, degree)</translation>
        </message>
        <message>
            <source>公证申请（继承）</source>
            <translation>Notarisation (inheritance)</translation>
        </message>
        <message>
            <source>人民调解申请</source>
            <translation>Applying for mediation</translation>
        </message>
        <message>
            <source>社区矫正对象外出申请</source>
            <translation>Travel request for a person under community correction</translation>
        </message>
        <message>
            <source>法律咨询</source>
            <translation>Legal advice</translation>
        </message>
        <message>
            <source>个人所得税综合所得汇算清缴</source>
            <translation>Annual individual income tax settlement</translation>
        </message>
        <message>
            <source>个人所得税专项附加扣除信息采集</source>
            <translation>Special additional deductions for income tax</translation>
        </message>
        <message>
            <source>个人代开增值税发票</source>
            <translation>VAT invoice issued on behalf of an individual</translation>
        </message>
        <message>
            <source>存量房交易税费申报</source>
            <translation>Taxes on a second-hand home sale</translation>
        </message>
        <message>
            <source>契税申报</source>
            <translation>Deed tax return</translation>
        </message>
        <message>
            <source>城乡居民社会保险费缴纳</source>
            <translation>Paying residents' social insurance contributions</translation>
        </message>
        <message>
            <source>纳税证明开具</source>
            <translation>Certificate of tax payment</translation>
        </message>
        <message>
            <source>车船税缴纳</source>
            <translation>Paying vehicle and vessel tax</translation>
        </message>
        <message>
            <source>居民用水报装</source>
            <translation>Household water connection</translation>
        </message>
        <message>
            <source>居民用电报装</source>
            <translation>Household electricity connection</translation>
        </message>
        <message>
            <source>居民用气报装</source>
            <translation>Household gas connection</translation>
        </message>
        <message>
            <source>水电气过户</source>
            <translation>Transferring water, power and gas accounts</translation>
        </message>
        <message>
            <source>有线电视及宽带报装</source>
            <translation>Cable TV and broadband connection</translation>
        </message>
        <message>
            <source>城市道路挖掘占用许可</source>
            <translation>Permit to dig up or occupy a city road</translation>
        </message>
        <message>
            <source>户外广告设置许可</source>
            <translation>Outdoor advertising permit</translation>
        </message>
        <message>
            <source>建筑垃圾处置核准</source>
            <translation>Construction waste disposal approval</translation>
        </message>
        <message>
            <source>老年人优待证办理</source>
            <translation>Senior citizen card</translation>
        </message>
        <message>
            <source>居家养老服务申请</source>
            <translation>Applying for home care</translation>
        </message>
        <message>
            <source>养老机构入住评估</source>
            <translation>Care home admission assessment</translation>
        </message>
        <message>
            <source>老年人能力评估</source>
            <translation>Assessment of an older person's abilities</translation>
        </message>
        <message>
            <source>老年助餐服务登记</source>
            <translation>Registering for meal services for older people</translation>
        </message>
        <message>
            <source>企业开办一件事（设立登记、印章、发票、社保）</source>
            <translation>Starting a business in one go (registration, seal, invoices, social insurance)</translation>
        </message>
        <message>
            <source>有限责任公司设立登记</source>
            <translation>Registering a limited liability company</translation>
        </message>
        <message>
            <source>个人独资企业设立登记</source>
            <translation>Registering a sole proprietorship</translation>
        </message>
        <message>
            <source>合伙企业设立登记</source>
            <translation>Registering a partnership</translation>
        </message>
        <message>
            <source>个体工商户设立登记</source>
            <translation>Registering an individual business</translation>
        </message>
        <message>
            <source>个体工商户变更登记</source>
            <translation>Changing an individual business registration</translation>
        </message>
        <message>
            <source>个体工商户注销登记</source>
            <translation>Deregistering an individual business</translation>
        </message>
        <message>
            <source>农民专业合作社设立登记</source>
            <translation>Registering a farmers' cooperative</translation>
        </message>
        <message>
            <source>公司变更登记</source>
            <translation>Changing a company registration</translation>
        </message>
        <message>
            <source>公司注销登记</source>
            <translation>Deregistering a company</translation>
        </message>
        <message>
            <source>简易注销登记</source>
            <translation>Simplified deregistration</translation>
        </message>
        <message>
            <source>营业执照补领换发</source>
            <translation>Replacing or renewing a business licence</translation>
        </message>
        <message>
            <source>企业年度报告公示</source>
            <translation>Publishing a company's annual report</translation>
        </message>
        <message>
            <source>企业印章刻制备案</source>
            <translation>Registering a company seal</translation>
        </message>
        <message>
            <source>经营异常名录移出申请</source>
            <translation>Removal from the list of abnormal operations</translation>
        </message>
        <message>
            <source>新办纳税人套餐式服务</source>
            <translation>Package for new taxpayers</translation>
        </message>
        <message>
            <source>发票领用</source>
            <translation>Collecting invoices</translation>
        </message>
        <message>
            <source>增值税专用发票最高开票限额审批</source>
            <translation>Approval of the special VAT invoice limit</translation>
        </message>
        <message>
            <source>增值税一般纳税人登记</source>
            <translation>Registering as a general VAT taxpayer</translation>
        </message>
        <message>
            <source>纳税申报</source>
            <translation>Tax return</translation>
        </message>
        <message>
            <source>出口退（免）税备案</source>
            <translation>Export tax refund registration</translation>
        </message>
        <message>
            <source>税务注销</source>
            <translation>Tax deregistration</translation>
        </message>
        <message>
            <source>跨区域涉税事项报告</source>
            <translation>Reporting cross-region tax matters</translation>
        </message>
        <message>
            <source>社会保险费单位缴费登记</source>
            <translation>Employer social insurance registration</translation>
        </message>
        <message>
            <source>食品经营许可证核发</source>
            <translation>Food business licence</translation>
        </message>
        <message>
            <source>食品经营许可证变更延续</source>
            <translation>Changing or renewing a food business licence</translation>
        </message>
        <message>
            <source>小餐饮经营登记</source>
            <translation>Registering a small eatery</translation>
        </message>
        <message>
            <source>食品小作坊登记</source>
            <translation>Registering a small food workshop</translation>
        </message>
        <message>
            <source>食品生产许可</source>
            <translation>Food production licence</translation>
        </message>
        <message>
            <source>药品零售企业经营许可</source>
            <translation>Retail pharmacy licence</translation>
        </message>
        <message>
            <source>第二类医疗器械经营备案</source>
            <translation>Class II medical device trading registration</translation>
        </message>
        <message>
            <source>特种设备使用登记</source>
            <translation>Registering special equipment</translation>
        </message>
        <message>
            <source>计量器具强制检定</source>
            <translation>Compulsory verification of measuring instruments</translation>
        </message>
        <message>
            <source>公共场所卫生许可</source>
            <translation>Public place hygiene permit</translation>
        </message>
        <message>
            <source>医疗机构执业登记</source>
            <translation>Registering a medical institution</translation>
        </message>
        <message>
            <source>娱乐场所经营许可</source>
            <translation>Entertainment venue licence</translation>
        </message>
        <message>
            <source>网吧经营许可</source>
            <translation>Internet café licence</translation>
        </message>
        <message>
            <source>出版物零售单位设立</source>
            <translation>Setting up a publications retailer</translation>
        </message>
        <message>
            <source>旅行社设立许可</source>
            <translation>Travel agency licence</translation>
        </message>
        <message>
            <source>烟草专卖零售许可证核发</source>
            <translation>Tobacco retail licence</translation>
        </message>
        <message>
            <source>酒类商品零售备案</source>
            <translation>Registering alcohol retail</translation>
        </message>
        <message>
            <source>建设项目用地预审与选址意见书</source>
            <translation>Land pre-review and site selection opinion</translation>
        </message>
        <message>
            <source>建设用地规划许可证核发</source>
            <translation>Land-use planning permit</translation>
        </message>
        <message>
            <source>建设工程规划许可证核发</source>
            <translation>Building planning permit</translation>
        </message>
        <message>
            <source>建筑工程施工许可证核发</source>
            <translation>Construction permit</translation>
        </message>
        <message>
            <source>建设工程消防设计审查</source>
            <translation>Fire protection design review</translation>
        </message>
        <message>
            <source>建设工程消防验收</source>
            <translation>Fire protection acceptance</translation>
        </message>
        <message>
            <source>房屋建筑和市政基础设施工程竣工验收备案</source>
            <translation>Registering completion of buildings and municipal works</translation>
        </message>
        <message>
            <source>建筑业企业资质核准</source>
            <translation>Construction company qualification</translation>
        </message>
        <message>
            <source>商品房预售许可</source>
            <translation>Pre-sale permit for new homes</translation>
        </message>
        <message>
            <source>公众聚集场所投入使用营业前消防安全检查</source>
            <translation>Fire safety check before opening a crowded venue</translation>
        </message>
        <message>
            <source>建设项目环境影响报告表审批</source>
            <translation>Approval of an environmental impact report</translation>
        </message>
        <message>
            <source>建设项目环境影响登记表备案</source>
            <translation>Registering an environmental impact form</translation>
        </message>
        <message>
            <source>排污许可证核发</source>
            <translation>Discharge permit</translation>
        </message>
        <message>
            <source>危险废物经营许可</source>
            <translation>Hazardous waste business licence</translation>
        </message>
        <message>
            <source>取水许可</source>
            <translation>Water abstraction permit</translation>
        </message>
        <message>
            <source>林木采伐许可证核发</source>
            <translation>Tree felling permit</translation>
        </message>
        <message>
            <source>道路货物运输经营许可</source>
            <translation>Road freight licence</translation>
        </message>
        <message>
            <source>道路旅客运输经营许可</source>
            <translation>Road passenger transport licence</translation>
        </message>
        <message>
            <source>网络预约出租汽车运输证核发</source>
            <translation>Ride-hailing vehicle permit</translation>
        </message>
        <message>
            <source>机动车维修经营备案</source>
            <translation>Registering a vehicle repair business</translation>
        </message>
        <message>
            <source>道路运输证年审</source>
            <translation>Annual review of a road transport permit</translation>
        </message>
        <message>
            <source>超限运输车辆行驶公路许可</source>
            <translation>Permit for oversize vehicles on highways</translation>
        </message>
        <message>
            <source>单位社会保险参保登记</source>
            <translation>Employer social insurance enrolment</translation>
        </message>
        <message>
            <source>职工参保增减</source>
            <translation>Adding or removing insured employees</translation>
        </message>
        <message>
            <source>单位住房公积金缴存登记</source>
            <translation>Employer housing fund registration</translation>
        </message>
        <message>
            <source>稳岗返还申领</source>
            <translation>Job retention refund</translation>
        </message>
        <message>
            <source>劳务派遣经营许可</source>
            <translation>Labour dispatch licence</translation>
        </message>
        <message>
            <source>特殊工时制度审批</source>
            <translation>Approval of special working hours</translation>
        </message>
        <message>
            <source>人力资源服务许可</source>
            <translation>Human resources service licence</translation>
        </message>
        <message>
            <source>企业吸纳就业补贴申领</source>
            <translation>Employment subsidy for companies hiring</translation>
        </message>
    </context>
</TS>
