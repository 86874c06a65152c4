<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>没有拍好：{why}</source>
        <translation>Not captured well: {why}</translation>
    </message>
    <message>
        <source>每份材料最多{n}页；如需重拍，请先删除一页。</source>
        <translation>At most {n} pages per material; to retake one, delete a page first.</translation>
    </message>
    <message>
        <source>请输入姓名。</source>
        <translation>Please enter the name.</translation>
    </message>
    <message>
        <source>姓名不能超过30个字。</source>
        <translation>The name must not be longer than 30 characters.</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>{status}：{reason}</source>
        <translation>{status}: {reason}</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>待补正</source>
        <translation>Awaiting correction</translation>
    </message>
    <message>
        <source>待上报</source>
        <translation>Waiting to be delivered</translation>
    </message>
    <message>
        <source>上报中</source>
        <translation>Being delivered</translation>
    </message>
    <message>
        <source>待人工处理</source>
        <translation>Waiting for staff</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>需补正</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>代办申请须先记录申请人的委托同意。</source>
        <translation>An application made on someone&apos;s behalf needs the applicant&apos;s consent first.</translation>
    </message>
    <message>
        <source>未提供</source>
        <translation>not provided</translation>
    </message>
    <message>
        <source>扫描不清晰</source>
        <translation>scan not legible</translation>
    </message>
    <message>
        <source>页数不全</source>
        <translation>pages missing</translation>
    </message>
    <message>
        <source>已过有效期</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>材料与要求不符</source>
        <translation>does not match the requirement</translation>
    </message>
    <message>
        <source>{name} — {defect}</source>
        <translation>{name} — {defect}</translation>
    </message>
    <message>
        <source>{name}（{form}{copies}份） — {defect}</source>
        <translation>{name} ({form} ×{copies}) — {defect}</translation>
    </message>
    <message>
        <source>{said}：{remark}</source>
        <translation>{said}: {remark}</translation>
    </message>
    <message>
        <source>未在代办站签署电子委托</source>
        <translation>no electronic authorisation was signed at an agent station</translation>
    </message>
    <message>
        <source>本事项需提交书面材料</source>
        <translation>this service needs it on paper</translation>
    </message>
    <message>
        <source>需核验原件</source>
        <translation>the original must be checked</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>补正</source>
        <translation>Request correction</translation>
    </message>
    <message>
        <source>提交大厅受理</source>
        <translation>Submit to the hall</translation>
    </message>
    <message>
        <source>代办站不能作出受理或不予受理决定，请提交大厅受理。</source>
        <translation>A village station cannot accept or reject an application: submit it to the hall.</translation>
    </message>
    <message>
        <source>窗口不能作出该决定。</source>
        <translation>This counter cannot take that decision.</translation>
    </message>
    <message>
        <source>材料不齐全，不能提交；请选择“补正”并打印一次性告知书。</source>
        <translation>Materials are incomplete and cannot be submitted: choose “correction” and print the one-time notice.</translation>
    </message>
    <message>
        <source>材料不齐全，不能受理；请选择“补正”并打印一次性告知书。</source>
        <translation>The materials are incomplete and cannot be accepted; choose &quot;Request correction&quot; and print the one-time notice.</translation>
    </message>
    <message>
        <source>材料已齐全，无需补正。</source>
        <translation>The materials are complete; no correction is needed.</translation>
    </message>
    <message>
        <source>不予受理须填写理由及依据。</source>
        <translation>A refusal needs its reason and legal basis.</translation>
    </message>
    <message>
        <source>不予受理须填写法律依据（法律法规名称及条款）。</source>
        <translation>A refusal needs its legal basis (the law or regulation and its article).</translation>
    </message>
    <message>
        <source>大厅应作出受理决定。</source>
        <translation>The hall decides: accept, return for correction or refuse.</translation>
    </message>
    <message>
        <source>退回补正须写明需要补正的材料或内容。</source>
        <translation>Say what has to be corrected or added before returning it.</translation>
    </message>
    <message>
        <source>缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>原件已核验</source>
        <translation>Original checked</translation>
    </message>
    <message>
        <source>原件已收取</source>
        <translation>Original kept</translation>
    </message>
    <message>
        <source>复印件已收</source>
        <translation>Copy received</translation>
    </message>
    <message>
        <source>电子证照</source>
        <translation>E-licence</translation>
    </message>
    <message>
        <source>电子委托已签署</source>
        <translation>Signed electronically</translation>
    </message>
    <message>
        <source>不符合要求</source>
        <translation>Not acceptable</translation>
    </message>
    <message>
        <source>请填写材料不符合要求的原因。</source>
        <translation>Please say why the material is not acceptable.</translation>
    </message>
    <message>
        <source>市级</source>
        <translation>City</translation>
    </message>
    <message>
        <source>县级</source>
        <translation>County</translation>
    </message>
    <message>
        <source>乡镇级</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村级</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>行政许可</source>
        <translation>Administrative licence</translation>
    </message>
    <message>
        <source>行政确认</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <source>行政给付</source>
        <translation>Administrative benefit</translation>
    </message>
    <message>
        <source>行政奖励</source>
        <translation>Administrative award</translation>
    </message>
    <message>
        <source>行政裁决</source>
        <translation>Administrative ruling</translation>
    </message>
    <message>
        <source>其他行政权力</source>
        <translation>Other administrative power</translation>
    </message>
    <message>
        <source>公共服务</source>
        <translation>Public service</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>法人</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>即办件</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <source>承诺件</source>
        <translation>Done within a promised time</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>原件及复印件</source>
        <translation>original and copy</translation>
    </message>
    <message>
        <source>电子材料</source>
        <translation>electronic document</translation>
    </message>
    <message>
        <source>当场办结</source>
        <translation>on the spot</translation>
    </message>
    <message>
        <source>{n}个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <source>如有</source>
        <translation>if any</translation>
    </message>
    <message>
        <source>可用电子证照“{name}”代替</source>
        <translation>the e-licence “{name}” may replace it</translation>
    </message>
    <message>
        <source>在代办站当场电子签署的可代替</source>
        <translation>may be signed on screen at an agent station instead</translation>
    </message>
    <message>
        <source>名称完全匹配</source>
        <translation>exact name</translation>
    </message>
    <message>
        <source>名称匹配</source>
        <translation>name</translation>
    </message>
    <message>
        <source>常用说法</source>
        <translation>common phrase</translation>
    </message>
    <message>
        <source>近义词</source>
        <translation>synonym</translation>
    </message>
    <message>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>拼音首字母</source>
        <translation>Pinyin initials</translation>
    </message>
    <message>
        <source>同音字</source>
        <translation>homophone</translation>
    </message>
    <message>
        <source>相近</source>
        <translation>similar</translation>
    </message>
    <message>
        <source>系统出现问题，请联系工作人员。</source>
        <translation>Something went wrong. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>暂时无法完成，请稍后再试。</source>
        <translation>This cannot be done right now. Please try again later.</translation>
    </message>
    <message>
        <source>设备暂时不可用，请稍候或联系工作人员。</source>
        <translation>The device is not available right now. Please wait or ask a member of staff.</translation>
    </message>
    <message>
        <source>读卡失败，请将证件放稳后重试。</source>
        <translation>The card could not be read. Please hold it still on the reader and try again.</translation>
    </message>
    <message>
        <source>网络暂时不通，资料已保存在本机，恢复后会自动上报。</source>
        <translation>The network is down. Your application is saved on this terminal and will be delivered automatically when the network is back.</translation>
    </message>
    <message>
        <source>填写的内容有误，请检查后重试。</source>
        <translation>Something you entered is not right. Please check it and try again.</translation>
    </message>
    <message>
        <source>证件号码无效，请核对后重新输入。</source>
        <translation>The ID number is not valid. Please check it and enter it again.</translation>
    </message>
    <message>
        <source>您的证件已过有效期，请使用有效证件办理。</source>
        <translation>Your card has expired. Please use a valid card.</translation>
    </message>
    <message>
        <source>终端配置有误，请联系技术人员。</source>
        <translation>The terminal&apos;s configuration is wrong. Please call a technician.</translation>
    </message>
    <message>
        <source>当前状态下不能进行此操作。</source>
        <translation>This cannot be done at this stage.</translation>
    </message>
    <message>
        <source>设备故障，请联系工作人员。</source>
        <translation>A device has failed. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>无法读取此证件，请确认是有效的身份证件。</source>
        <translation>This card cannot be read. Please make sure it is a valid identity card.</translation>
    </message>
    <message>
        <source>设备或平台返回了无法识别的数据，请联系技术人员。</source>
        <translation>A device or the platform answered with data that cannot be understood. Please call a technician.</translation>
    </message>
    <message>
        <source>平台未接收该申请，请联系工作人员处理。</source>
        <translation>The platform did not accept this application. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>本机存储出现问题（可能空间已满），请联系技术人员。</source>
        <translation>This terminal&apos;s storage has a problem (it may be full). Please call a technician.</translation>
    </message>
    <message>
        <source>未找到本机数据密钥文件，请联系技术人员。</source>
        <translation>This terminal&apos;s data key file was not found. Please call a technician.</translation>
    </message>
    <message>
        <source>本机数据密钥与数据不匹配（密钥错误），请联系技术人员。</source>
        <translation>This terminal&apos;s data key does not fit its data (wrong key). Please call a technician.</translation>
    </message>
    <message>
        <source>本终端程序已在运行（同一数据目录只能运行一个），请使用已打开的窗口，或关闭后再启动。</source>
        <translation>This terminal program is already running (one per data folder): use the open window, or close it before starting again.</translation>
    </message>
    <message>
        <source>本机存储正忙，请稍候再试。</source>
        <translation>This terminal&apos;s storage is busy. Please try again in a moment.</translation>
    </message>
    <message>
        <source>工号或密码错误。</source>
        <translation>Wrong staff number or password.</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>办事指南不清楚</source>
        <translation>The guide was unclear</translation>
    </message>
    <message>
        <source>材料要求反复</source>
        <translation>Asked for materials again and again</translation>
    </message>
    <message>
        <source>等候时间过长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <source>工作人员态度不好</source>
        <translation>Staff were unhelpful</translation>
    </message>
    <message>
        <source>超过承诺时限</source>
        <translation>Took longer than promised</translation>
    </message>
    <message>
        <source>系统或设备故障</source>
        <translation>System or device failure</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>请选择或填写不满意的原因，以便我们改进。</source>
        <translation>Please choose or write why you are dissatisfied, so that we can improve.</translation>
    </message>
    <message>
        <source>评价原因无效。</source>
        <translation>The reason given is not valid.</translation>
    </message>
    <message>
        <source>评价内容不能超过500字。</source>
        <translation>The comment must not be longer than 500 characters.</translation>
    </message>
    <message>
        <source>请先选择事项。</source>
        <translation>Please choose a service first.</translation>
    </message>
    <message>
        <source>请读取申请人身份证，或人工录入。</source>
        <translation>Please read the applicant&apos;s ID card, or enter it by hand.</translation>
    </message>
    <message>
        <source>请先记录申请人的委托同意。</source>
        <translation>Please record the applicant&apos;s consent first.</translation>
    </message>
    <message>
        <source>请选择事项。</source>
        <translation>Please choose a service.</translation>
    </message>
    <message>
        <source>请先核验材料。</source>
        <translation>Please check the materials first.</translation>
    </message>
    <message>
        <source>本机存储空间不足</source>
        <translation>Not enough storage space on this terminal</translation>
    </message>
    <message>
        <source>读卡器暂不可用</source>
        <translation>The card reader is not available</translation>
    </message>
    <message>
        <source>高拍仪暂不可用</source>
        <translation>The document camera is not available</translation>
    </message>
    <message>
        <source>打印机缺纸或故障</source>
        <translation>The printer is out of paper or faulty</translation>
    </message>
    <message>
        <source>本终端仅提供办事指南查询，请到窗口办理</source>
        <translation>This kiosk offers service guides only; please go to a service window</translation>
    </message>
    <message>
        <source>{reason}，请到窗口办理</source>
        <translation>{reason}. Please go to a service counter.</translation>
    </message>
    <message>
        <source>请先选择要办理的事项。</source>
        <translation>Please choose the service you need first.</translation>
    </message>
    <message>
        <source>网上注册须读取本人身份证，请将身份证放在感应区。</source>
        <translation>Registering for the online portal needs your own ID card: please place it on the reader.</translation>
    </message>
    <message>
        <source>请将身份证放在读卡区。</source>
        <translation>Please place your ID card on the reader.</translation>
    </message>
    <message>
        <source>请选择要办理的事项。</source>
        <translation>Please choose the service you need.</translation>
    </message>
    <message>
        <source>“{item}”须读取身份证办理。请返回首页刷身份证，或咨询工作人员。</source>
        <translation>&quot;{item}&quot; needs your ID card to be read. Please go back to the start and place your card on the reader, or ask a member of staff.</translation>
    </message>
    <message>
        <source>请输入回执编号。</source>
        <translation>Please enter the receipt number.</translation>
    </message>
    <message>
        <source>请输入回执编号或刷身份证查询。</source>
        <translation>Please enter the receipt number, or place your ID card on the reader.</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>读取证件</source>
        <translation>Read ID card</translation>
    </message>
    <message>
        <source>选择事项</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>授权用证</source>
        <translation>Use e-licences</translation>
    </message>
    <message>
        <source>填写信息</source>
        <translation>Fill in the form</translation>
    </message>
    <message>
        <source>扫描材料</source>
        <translation>Scan materials</translation>
    </message>
    <message>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <source>确认提交</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>办理完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>进度查询</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>查询结果</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>选择业务</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>排队号</source>
        <translation>Queue ticket</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>短信验证</source>
        <translation>Text message code</translation>
    </message>
    <message>
        <source>注册完成</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>永久居留身份证号码</source>
        <translation>Permanent residence ID card number</translation>
    </message>
    <message>
        <source>请选择{label}。</source>
        <translation>Please choose {label}.</translation>
    </message>
    <message>
        <source>请填写{label}。</source>
        <translation>Please fill in {label}.</translation>
    </message>
    <message>
        <source>{label}不能超过{n}个字。</source>
        <translation>{label} must not be longer than {n} characters.</translation>
    </message>
    <message>
        <source>{label}至少需要{n}个字。</source>
        <translation>{label} needs at least {n} characters.</translation>
    </message>
    <message>
        <source>{label}格式不正确，{reason}</source>
        <translation>{label} is not in the right form: {reason}</translation>
    </message>
    <message>
        <source>{label}：{reason}</source>
        <translation>{label}: {reason}</translation>
    </message>
    <message>
        <source>{label}请填写数字。</source>
        <translation>{label}: please enter a number.</translation>
    </message>
    <message>
        <source>{label}不能小于{n}。</source>
        <translation>{label} must not be less than {n}.</translation>
    </message>
    <message>
        <source>{label}不能大于{n}。</source>
        <translation>{label} must not be more than {n}.</translation>
    </message>
    <message>
        <source>请从列出的选项中选择{label}。</source>
        <translation>Please choose {label} from the options listed.</translation>
    </message>
    <message>
        <source>{label}格式不正确。</source>
        <translation>{label} is not in the right form.</translation>
    </message>
    <message>
        <source>有{n}项填写有误，请按提示修改。</source>
        <translation>{n} entries are not right. Please correct them as shown.</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident identity card</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>Residence permit for Hong Kong, Macao and Taiwan residents</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2017版）</source>
        <translation>Foreigner&apos;s permanent residence ID card (2017)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证（2023版）</source>
        <translation>Foreigner&apos;s permanent residence ID card (2023)</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>Unknown</translation>
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
        <source>未说明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <source>您的{card}已于{date:%Y年%m月%d日}过期，请使用有效证件办理。</source>
        <translation>Your {card} expired on {date:%Y-%m-%d}. Please use a valid card.</translation>
    </message>
    <message>
        <source>证件号码与出生日期不一致，请联系工作人员。</source>
        <translation>The ID number does not match the date of birth. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>评价器按键配置有误，请联系技术人员。</source>
        <translation>The review pad&apos;s key settings are wrong. Please call a technician.</translation>
    </message>
    <message>
        <source>未启用</source>
        <translation>off</translation>
    </message>
    <message>
        <source>正在连接</source>
        <translation>connecting</translation>
    </message>
    <message>
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>工作中</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>faulty</translation>
    </message>
    <message>
        <source>终端配置文件有误，请联系技术人员。</source>
        <translation>The terminal&apos;s settings file is wrong. Please call a technician.</translation>
    </message>
    <message>
        <source>证件号码应为18位，您输入了{n}位。</source>
        <translation>An ID number has 18 characters; you entered {n}.</translation>
    </message>
    <message>
        <source>证件号码只能包含数字，最后一位可以是X。</source>
        <translation>An ID number has only digits; the last one may be X.</translation>
    </message>
    <message>
        <source>证件号码的地区代码无效，请核对前六位。</source>
        <translation>The region code of the ID number is not valid. Please check the first six digits.</translation>
    </message>
    <message>
        <source>证件号码中的出生日期无效，请核对第7至14位。</source>
        <translation>The date of birth in the ID number is not valid. Please check digits 7 to 14.</translation>
    </message>
    <message>
        <source>证件号码中的出生日期不合理，请核对第7至14位。</source>
        <translation>The date of birth in the ID number is not plausible. Please check digits 7 to 14.</translation>
    </message>
    <message>
        <source>证件号码校验位不正确，请核对后重新输入。</source>
        <translation>The ID number&apos;s check digit is wrong. Please check it and enter it again.</translation>
    </message>
    <message>
        <source>11位手机号码或带区号的固定电话</source>
        <translation>an 11-digit mobile number, or a landline number with its area code</translation>
    </message>
    <message>
        <source>11位手机号码</source>
        <translation>an 11-digit mobile number</translation>
    </message>
    <message>
        <source>请输入{expected}。</source>
        <translation>Please enter {expected}.</translation>
    </message>
    <message>
        <source>日期无效，请按“2024-05-01”格式填写。</source>
        <translation>The date is not valid. Please write it as 2024-05-01.</translation>
    </message>
    <message>
        <source>高拍仪未连接，请检查连接线或联系工作人员。</source>
        <translation>The document camera is not connected. Please check its cable or ask a member of staff.</translation>
    </message>
    <message>
        <source>高拍仪没有画面，请检查连接线或联系工作人员。</source>
        <translation>The document camera shows no picture. Please check its cable or ask a member of staff.</translation>
    </message>
    <message>
        <source>高拍仪没有画面。</source>
        <translation>The document camera shows no picture.</translation>
    </message>
    <message>
        <source>高拍仪出现故障。</source>
        <translation>The document camera has failed.</translation>
    </message>
    <message>
        <source>高拍仪未连接。</source>
        <translation>The document camera is not connected.</translation>
    </message>
    <message>
        <source>拍摄清晰</source>
        <translation>The picture is clear</translation>
    </message>
    <message>
        <source>请将材料放平，完整放在拍摄区域内</source>
        <translation>Lay the page flat, completely inside the camera area</translation>
    </message>
    <message>
        <source>图像模糊，请将材料放平并保持不动</source>
        <translation>The picture is blurred: lay the page flat and keep it still</translation>
    </message>
    <message>
        <source>有反光，请调整角度</source>
        <translation>There is glare: please change the angle</translation>
    </message>
    <message>
        <source>设备配置有误，请联系技术人员。</source>
        <translation>A device is configured wrongly. Please call a technician.</translation>
    </message>
    <message>
        <source>配置的证件照解码库不存在，请联系技术人员。</source>
        <translation>The configured ID photo decoder library does not exist. Please call a technician.</translation>
    </message>
    <message>
        <source>证件照解码库无法加载，请联系技术人员。</source>
        <translation>The ID photo decoder library cannot be loaded. Please call a technician.</translation>
    </message>
    <message>
        <source>读卡器未就绪，请稍候或联系工作人员。</source>
        <translation>The card reader is not ready. Please wait or ask a member of staff.</translation>
    </message>
    <message>
        <source>读卡器不支持所设波特率，请联系技术人员。</source>
        <translation>The card reader does not support the configured baud rate. Please call a technician.</translation>
    </message>
    <message>
        <source>读卡器已断开，请检查连接线；重新接上后会自动恢复。</source>
        <translation>The card reader is disconnected. Please check its cable; it resumes by itself once reconnected.</translation>
    </message>
    <message>
        <source>读卡器没有响应，请检查连接线或电源；如反复出现请联系工作人员。</source>
        <translation>The card reader does not answer. Please check its cable and power; if this keeps happening, ask a member of staff.</translation>
    </message>
    <message>
        <source>与读卡器的通信受到干扰（校验错误），请重新放置证件；如反复出现请联系工作人员。</source>
        <translation>The connection to the card reader was disturbed (checksum error). Please place the card again; if this keeps happening, ask a member of staff.</translation>
    </message>
    <message>
        <source>评价器按键配置缺失，请联系技术人员。</source>
        <translation>The review pad&apos;s key settings are missing. Please call a technician.</translation>
    </message>
    <message>
        <source>评价器未连接，请检查连接线。</source>
        <translation>The review pad is not connected. Please check its cable.</translation>
    </message>
    <message>
        <source>评价器已断开，请检查连接线；重新接上后会自动恢复。</source>
        <translation>The review pad is disconnected. Please check its cable; it resumes by itself once reconnected.</translation>
    </message>
    <message>
        <source>评价平板服务无法启动（端口被占用），请联系技术人员。</source>
        <translation>The review tablet service cannot start (its port is in use). Please call a technician.</translation>
    </message>
    <message>
        <source>评价平板未启用。</source>
        <translation>The review tablet is not enabled.</translation>
    </message>
    <message>
        <source>打印机未连接或未开机。</source>
        <translation>The printer is not connected or not switched on.</translation>
    </message>
    <message>
        <source>打印机缺纸，请联系工作人员更换纸卷。</source>
        <translation>The printer is out of paper. Please ask a member of staff to change the roll.</translation>
    </message>
    <message>
        <source>本机缺少中文字体，无法打印生僻字，请联系技术人员。</source>
        <translation>This terminal lacks a Chinese font for rare characters and cannot print them. Please call a technician.</translation>
    </message>
    <message>
        <source>未指定终端配置：请用 --config 指定，或用 --region 指定区划代码。</source>
        <translation>No terminal settings: give them with --config, or a region code with --region.</translation>
    </message>
    <message>
        <source>网络中断，申请已保存在本机</source>
        <translation>Network down; applications are saved on this terminal</translation>
    </message>
    <message>
        <source>后台上报暂停，请联系工作人员</source>
        <translation>Delivery has stopped; please ask the staff for help</translation>
    </message>
    <message>
        <source>网络中断，待上报{n}件</source>
        <translation>Network down; {n} waiting to be delivered</translation>
    </message>
    <message>
        <source>网络正常，待上报{n}件</source>
        <translation>Network OK; {n} waiting to be delivered</translation>
    </message>
    <message>
        <source>网络中断</source>
        <translation>Network down</translation>
    </message>
    <message>
        <source>网络正常</source>
        <translation>Network OK</translation>
    </message>
    <message>
        <source>没有找到这个回执编号，请核对后重新输入，或咨询工作人员。</source>
        <translation>This receipt number was not found. Please check it and enter it again, or ask a member of staff.</translation>
    </message>
    <message>
        <source>这次办理已经评价过了，感谢您的评价。</source>
        <translation>This application has already been rated. Thank you for your rating.</translation>
    </message>
    <message>
        <source>户籍</source>
        <translation>Household registration</translation>
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
        <translation>Housing fund</translation>
    </message>
    <message>
        <source>婚姻登记</source>
        <translation>Marriage registration</translation>
    </message>
    <message>
        <source>企业开办</source>
        <translation>Starting a business</translation>
    </message>
    <message>
        <source>读卡器</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>存储空间</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>本机事项目录版本与平台不一致，需要重新下载完整目录，请联系技术人员。</source>
        <translation>This terminal&apos;s service catalogue does not match the platform&apos;s and must be downloaded again in full. Please call a technician.</translation>
    </message>
    <message>
        <source>本大厅未启用排队取号，请咨询工作人员。</source>
        <translation>This hall has no queue tickets. Please ask the staff.</translation>
    </message>
    <message>
        <source>终端未通过平台认证，请联系技术人员核对终端密钥。</source>
        <translation>The platform did not accept this terminal&apos;s credentials. Please call a technician to check the terminal key.</translation>
    </message>
    <message>
        <source>本机数据密钥已存在，未覆盖。</source>
        <translation>This terminal&apos;s data key exists already and was not overwritten.</translation>
    </message>
    <message>
        <source>无法读取本机数据密钥，请联系技术人员。</source>
        <translation>This terminal&apos;s data key cannot be read. Please call a technician.</translation>
    </message>
    <message>
        <source>本机数据密钥文件已损坏，请联系技术人员。</source>
        <translation>This terminal&apos;s data key file is damaged. Please call a technician.</translation>
    </message>
    <message>
        <source>本机数据密钥文件权限不安全，请联系技术人员。</source>
        <translation>This terminal&apos;s data key file has unsafe permissions. Please call a technician.</translation>
    </message>
    <message>
        <source>数据密钥不能与数据存放在同一目录，请联系技术人员调整配置。</source>
        <translation>The data key must not be kept in the same folder as the data. Please call a technician to change the settings.</translation>
    </message>
    <message>
        <source>本机数据由更新版本的软件写入，请升级终端软件。</source>
        <translation>This terminal&apos;s data was written by a newer version of the software. Please upgrade the terminal software.</translation>
    </message>
    <message>
        <source>本机数据库文件丢失或为空，但仍有扫描件：为免丢失数据已停止运行。请联系技术人员从备份恢复（不要删除数据目录）。</source>
        <translation>This terminal&apos;s database file is missing or empty while scans remain: stopped so that nothing is lost. Please call a technician to restore it from a backup (do not delete the data folder).</translation>
    </message>
    <message>
        <source>本机尚未在平台登记（没有终端密钥），无法导出数据包。</source>
        <translation>This terminal is not enrolled with the platform (no terminal key) and cannot export a bundle.</translation>
    </message>
    <message>
        <source>没有待上报的办件，无需导出。</source>
        <translation>Nothing is waiting to be delivered; there is nothing to export.</translation>
    </message>
    <message>
        <source>本机未连接平台（没有终端密钥），无法导入数据包。</source>
        <translation>This terminal is not enrolled with the platform (no terminal key) and cannot import a bundle.</translation>
    </message>
    <message>
        <source>事项目录尚未同步，请稍后再试，或咨询工作人员。</source>
        <translation>The service catalogue has not been downloaded yet. Please try again later, or ask a member of staff.</translation>
    </message>
    <message>
        <source>该申请没有窗口通知书（自助终端提交的申请请重打回执）。</source>
        <translation>This application has no counter notice (for one submitted at a kiosk, reprint its receipt).</translation>
    </message>
    <message>
        <source>该事项已不在本机事项目录中，无法重打通知书。</source>
        <translation>This service is no longer in this terminal&apos;s catalogue; its notice cannot be reprinted.</translation>
    </message>
    <message>
        <source>该申请不是代办申请，没有委托确认单。</source>
        <translation>This application was not made on someone&apos;s behalf and has no consent form.</translation>
    </message>
    <message>
        <source>请输入11位手机号码。</source>
        <translation>Please enter an 11-digit mobile number.</translation>
    </message>
    <message>
        <source>本机未联网，暂不能办理网上注册。</source>
        <translation>This kiosk is not connected: registering for the online portal is not possible right now.</translation>
    </message>
    <message>
        <source>请输入短信中的6位验证码。</source>
        <translation>Please enter the 6-digit code from the text message.</translation>
    </message>
    <message>
        <source>该申请选择窗口自取，没有寄递单。</source>
        <translation>This application is collected at the window: there is no postal slip.</translation>
    </message>
    <message>
        <source>办理结果尚未办结，办结后再打印寄递单。</source>
        <translation>The result is not ready yet: print the postal slip once it is completed.</translation>
    </message>
    <message>
        <source>申请尚未上报平台，缴款码在上报受理后生成。</source>
        <translation>The application has not reached the platform yet: the payment code is issued once it is delivered and accepted.</translation>
    </message>
    <message>
        <source>本机未联网，无法取得缴款码。</source>
        <translation>This terminal is not connected and cannot get the payment code.</translation>
    </message>
    <message>
        <source>该办件没有待缴费用（不收费或尚未受理）。</source>
        <translation>Nothing is to be paid for this application (free of charge, or not accepted yet).</translation>
    </message>
    <message>
        <source>本机未联网，仅显示本机记录。</source>
        <translation>This terminal is not connected; only its own records are shown.</translation>
    </message>
    <message>
        <source>暂时无法连接政务服务平台（{why}），仅显示本机记录。</source>
        <translation>The government service platform cannot be reached right now ({why}); only this terminal&apos;s records are shown.</translation>
    </message>
    <message>
        <source>本机未联网，无法获取代办件。</source>
        <translation>This terminal is not connected: the agent stations&apos; submissions cannot be fetched.</translation>
    </message>
    <message>
        <source>本机未联网，无法办理代办件。</source>
        <translation>This terminal is not connected: the agent stations&apos; submissions cannot be decided.</translation>
    </message>
    <message>
        <source>本机未配置打印机，{what}未打印，请咨询工作人员。</source>
        <translation>This terminal has no printer; the {what} was not printed. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>{what}未能打印：{why}</source>
        <translation>The {what} could not be printed: {why}</translation>
    </message>
    <message>
        <source>{what}已打印，请取走。</source>
        <translation>The {what} has been printed. Please take it.</translation>
    </message>
    <message>
        <source>{what}已发送到打印机，请取走。</source>
        <translation>The {what} has been sent to the printer. Please take it.</translation>
    </message>
    <message>
        <source>请输入工号。</source>
        <translation>Please enter your staff number.</translation>
    </message>
    <message>
        <source>本机尚未从平台取得工作人员名单：请连接网络，同步完成后再登录。</source>
        <translation>This terminal has no staff list from the platform yet: connect it to the network and sign in once it has synchronised.</translation>
    </message>
    <message>
        <source>本机未设置技术人员密码（[kiosk] technician_pin_hash），不能从这里退出。</source>
        <translation>No technician PIN is set on this terminal ([kiosk] technician_pin_hash); it cannot be left from here.</translation>
    </message>
    <message>
        <source>请先读取身份证并选择事项。</source>
        <translation>Please read your ID card and choose a service first.</translation>
    </message>
    <message>
        <source>今日该类业务号码已发完，请咨询工作人员。</source>
        <translation>All numbers of this kind of service are given out for today. Please ask the staff.</translation>
    </message>
    <message>
        <source>暂时无法取号，请咨询工作人员。</source>
        <translation>A number cannot be taken just now. Please ask the staff.</translation>
    </message>
    <message>
        <source>“{name}”取号时间为{opens}至{closes}。</source>
        <translation>Numbers for “{name}” are given from {opens} to {closes}.</translation>
    </message>
    <message>
        <source>“{name}”今日号源已发完，请明日再来或预约。</source>
        <translation>Today&apos;s numbers for “{name}” are all taken. Please come tomorrow or book an appointment.</translation>
    </message>
    <message>
        <source>您已有一张“{name}”的排队号，请留意叫号。</source>
        <translation>You already have a number for “{name}”. Please listen for your call.</translation>
    </message>
    <message>
        <source>刚刚已呼叫，请{n}秒后再重呼。</source>
        <translation>Just called. Call again in {n} seconds.</translation>
    </message>
    <message>
        <source>已呼叫{n}次，请标记为过号。</source>
        <translation>Called {n} times. Please mark it as missed.</translation>
    </message>
    <message>
        <source>{window}不办理“{name}”。</source>
        <translation>{window} does not serve “{name}”.</translation>
    </message>
    <message>
        <source>该预约已签到，请留意叫号。</source>
        <translation>This appointment is checked in. Please listen for your call.</translation>
    </message>
    <message>
        <source>预约时间为{at}，请于{opens}后签到。</source>
        <translation>Your appointment is at {at}. Please check in after {opens}.</translation>
    </message>
    <message>
        <source>已超过预约签到时间，请取普通号排队。</source>
        <translation>The check-in time of your appointment has passed. Please take an ordinary number.</translation>
    </message>
    <message>
        <source>排队系统暂不可用，请到服务台咨询。</source>
        <translation>The queue is not available now. Please ask at the service desk.</translation>
    </message>
    <message>
        <source>本机未联网，无法取号。</source>
        <translation>This kiosk is not connected and cannot issue tickets.</translation>
    </message>
    <message>
        <source>“{name}”须刷身份证取号。</source>
        <translation>“{name}” needs your ID card to take a ticket.</translation>
    </message>
    <message>
        <source>排队系统暂时中断，本机号码已用完，请到服务台取号。</source>
        <translation>The queue system is down and this kiosk has no numbers left. Please take a ticket at the service desk.</translation>
    </message>
    <message>
        <source>暂时无法查询预约，请稍后再试或到服务台签到。</source>
        <translation>Appointments cannot be looked up now. Please try again later or check in at the service desk.</translation>
    </message>
    <message>
        <source>暂时无法签到，请稍后再试或到服务台签到。</source>
        <translation>Check-in is not possible now. Please try again later or check in at the service desk.</translation>
    </message>
    <message>
        <source>没有找到今天的排队号{number}，请核对号码。</source>
        <translation>No ticket {number} today. Please check the number.</translation>
    </message>
    <message>
        <source>电子证照标识不正确，请改用纸质材料。</source>
        <translation>The e-licence identifier is not valid. Please use the paper document.</translation>
    </message>
    <message>
        <source>电子证照“{name}”已注销，请提交纸质材料。</source>
        <translation>The e-licence “{name}” has been revoked. Please bring the paper document.</translation>
    </message>
    <message>
        <source>电子证照“{name}”已过有效期，请提交纸质材料。</source>
        <translation>The e-licence “{name}” has expired. Please bring the paper document.</translation>
    </message>
    <message>
        <source>电子证照“{name}”的证照标识不正确，请提交纸质材料。</source>
        <translation>The identifier of the e-licence “{name}” is not valid. Please bring the paper document.</translation>
    </message>
    <message>
        <source>调取电子证照须经本人授权。</source>
        <translation>E-licences are used only with your consent.</translation>
    </message>
    <message>
        <source>电子证照暂不可用，请扫描纸质材料。</source>
        <translation>E-licences are not available now. Please scan the paper documents.</translation>
    </message>
    <message>
        <source>日历缺失：该年度的节假日安排尚未载入，无法计算办理时限。</source>
        <translation>Calendar missing: the holiday arrangement of this year has not been loaded; the time limit cannot be computed.</translation>
    </message>
    <message>
        <source>日历缺失：{year}年的节假日安排尚未载入，无法计算办理时限。</source>
        <translation>Calendar missing: the holiday arrangement of {year} has not been loaded; the time limit cannot be computed.</translation>
    </message>
    <message>
        <source>听证</source>
        <translation>hearing</translation>
    </message>
    <message>
        <source>检验、检测、检疫</source>
        <translation>inspection, testing, quarantine</translation>
    </message>
    <message>
        <source>专家评审</source>
        <translation>expert review</translation>
    </message>
    <message>
        <source>现场勘查</source>
        <translation>site inspection</translation>
    </message>
    <message>
        <source>其他特别程序</source>
        <translation>other special procedure</translation>
    </message>
    <message>
        <source>承诺时限不能超过法定时限。</source>
        <translation>The promised time limit cannot exceed the legal one.</translation>
    </message>
    <message>
        <source>暂停计时须书面告知申请人，请填写告知书编号。</source>
        <translation>A pause of the time limit must be told to the applicant in writing: enter the notice number.</translation>
    </message>
    <message>
        <source>待核实</source>
        <translation>To be verified</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Being rectified</translation>
    </message>
    <message>
        <source>待回访</source>
        <translation>Awaiting follow-up call</translation>
    </message>
    <message>
        <source>申诉复核中</source>
        <translation>Under appeal review</translation>
    </message>
    <message>
        <source>立行立改</source>
        <translation>Rectified at once</translation>
    </message>
    <message>
        <source>限期整改</source>
        <translation>Rectify by a deadline</translation>
    </message>
    <message>
        <source>解释说明</source>
        <translation>Explained</translation>
    </message>
    <message>
        <source>联系不上</source>
        <translation>Could not be reached</translation>
    </message>
    <message>
        <source>该差评件当前为“{state}”，不能进行此操作。</source>
        <translation>This negative-rating case is “{state}”: this step cannot be taken now.</translation>
    </message>
    <message>
        <source>请填写核实情况。</source>
        <translation>Please write what the verification found.</translation>
    </message>
    <message>
        <source>限期整改须填写整改期限（今天以后的日期）。</source>
        <translation>Rectifying by a deadline needs the deadline (a day after today).</translation>
    </message>
    <message>
        <source>整改期限不能晚于{day}。</source>
        <translation>The rectification deadline cannot be later than {day}.</translation>
    </message>
    <message>
        <source>请填写整改情况或解释说明，它将答复给评价人。</source>
        <translation>Please write the rectification or the explanation; it is the answer given to the rater.</translation>
    </message>
    <message>
        <source>匿名评价无法回访，请选择“联系不上”并说明答复公开方式。</source>
        <translation>An anonymous rating cannot be called back: choose “Could not be reached” and say how the answer was made public.</translation>
    </message>
    <message>
        <source>请填写回访情况。</source>
        <translation>Please write what the follow-up call found.</translation>
    </message>
    <message>
        <source>该差评已申诉复核过一次，不能再次申诉。</source>
        <translation>This rating has been appealed once already and cannot be appealed again.</translation>
    </message>
    <message>
        <source>请填写申诉理由。</source>
        <translation>Please give the reason for the appeal.</translation>
    </message>
    <message>
        <source>请填写复核意见。</source>
        <translation>Please write the review decision.</translation>
    </message>
    <message>
        <source>说明不能超过1000字。</source>
        <translation>A note cannot be longer than 1000 characters.</translation>
    </message>
    <message>
        <source>自助终端</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>代办点</source>
        <translation>Agent station</translation>
    </message>
    <message>
        <source>网上申请</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>申请量</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>期间内平台收到的办件数（各渠道合计）。</source>
        <translation>Applications the platform received in the period (all channels).</translation>
    </message>
    <message>
        <source>网上申请率</source>
        <translation>Online application rate</translation>
    </message>
    <message>
        <source>网上申请的办件数 ÷ 期间内办件总数。</source>
        <translation>Applications made online ÷ all applications of the period.</translation>
    </message>
    <message>
        <source>即办件办件占比</source>
        <translation>Share decided at once</translation>
    </message>
    <message>
        <source>平台收件即办结（秒批）的办件数 ÷ 期间内办件总数。即办件比例按事项计，见总览。</source>
        <translation>Applications the platform decided as they arrived ÷ all applications of the period. The share of on-the-spot items counts catalogue items: see the overview.</translation>
    </message>
    <message>
        <source>办结率</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>期间内受理（含即办）的办件中已办结的件数 ÷ 受理件数。</source>
        <translation>Of the applications accepted in the period (decided at once included), those completed ÷ those accepted.</translation>
    </message>
    <message>
        <source>超期件</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>受理后超过承诺时限（含延期、扣除暂停）仍未办结，或办结晚于时限的办件数。</source>
        <translation>Applications past their promised limit (extensions added, pauses left out) and not completed, or completed after it.</translation>
    </message>
    <message>
        <source>平均办理时长</source>
        <translation>Mean handling time</translation>
    </message>
    <message>
        <source>已办结办件从受理到办结的工作日数（不含受理当日）的平均值。</source>
        <translation>Mean working days from acceptance to completion (the day of acceptance not counted).</translation>
    </message>
    <message>
        <source>办理时长P90</source>
        <translation>Handling time P90</translation>
    </message>
    <message>
        <source>已办结办件办理工作日数的第90百分位：九成办件不超过此数。</source>
        <translation>The 90th percentile of working days to completion: nine in ten take no longer.</translation>
    </message>
    <message>
        <source>平均等候时长</source>
        <translation>Mean waiting time</translation>
    </message>
    <message>
        <source>取号到首次叫号的分钟数的平均值（叫号系统的号票）。</source>
        <translation>Mean minutes from taking a ticket to its first call (the queue’s tickets).</translation>
    </message>
    <message>
        <source>等候时长P90</source>
        <translation>Waiting time P90</translation>
    </message>
    <message>
        <source>取号到首次叫号分钟数的第90百分位。</source>
        <translation>The 90th percentile of minutes from ticket to first call.</translation>
    </message>
    <message>
        <source>好评率</source>
        <translation>Good rating rate</translation>
    </message>
    <message>
        <source>非常满意、满意、基本满意的评价数 ÷ 评价总数（申诉复核成立的差评不计）。</source>
        <translation>Ratings very satisfied, satisfied or fairly satisfied ÷ all ratings (negative ones upheld as mistaken on appeal left out).</translation>
    </message>
    <message>
        <source>差评整改率</source>
        <translation>Negative ratings resolved</translation>
    </message>
    <message>
        <source>已办结的差评件数 ÷ 差评件总数（申诉复核成立的不计）。</source>
        <translation>Negative-rating cases closed ÷ all such cases (those upheld on appeal left out).</translation>
    </message>
    <message>
        <source>实名差评回访率</source>
        <translation>Named negative ratings called back</translation>
    </message>
    <message>
        <source>已回访的实名差评件数 ÷ 实名差评件数（要求100%）。</source>
        <translation>Named negative-rating cases called back ÷ named cases (100 % required).</translation>
    </message>
    <message>
        <source>差评超期件</source>
        <translation>Overdue negative-rating cases</translation>
    </message>
    <message>
        <source>超过整改反馈期限仍未办结（或办结晚于期限）的差评件数。</source>
        <translation>Negative-rating cases past their deadline and not closed (or closed after it).</translation>
    </message>
    <message>
        <source>大厅</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>实施主体</source>
        <translation>Implementing body</translation>
    </message>
    <message>
        <source>（未分配大厅）</source>
        <translation>(no hall assigned)</translation>
    </message>
    <message>
        <source>缴款码必须等于20位且{p}开头。</source>
        <translation>A payment code has exactly 20 digits and starts with {p}.</translation>
    </message>
    <message>
        <source>待缴费</source>
        <translation>To be paid</translation>
    </message>
    <message>
        <source>已缴费</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>缴费状态待确认</source>
        <translation>Payment status not confirmed yet</translation>
    </message>
    <message>
        <source>领取方式</source>
        <translation>How to receive the result</translation>
    </message>
    <message>
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>收件人手机</source>
        <translation>Recipient&apos;s mobile</translation>
    </message>
    <message>
        <source>寄递地区（街道/乡镇）</source>
        <translation>Delivery area (street or township)</translation>
    </message>
    <message>
        <source>详细地址</source>
        <translation>Street address</translation>
    </message>
    <message>
        <source>邮政寄递须填写收件人。</source>
        <translation>Delivery by post needs the recipient.</translation>
    </message>
    <message>
        <source>邮政寄递须填写收件人手机，以便投递联系。</source>
        <translation>Delivery by post needs the recipient&apos;s mobile number, for the courier.</translation>
    </message>
    <message>
        <source>请选择寄递地区（街道/乡镇）。</source>
        <translation>Please choose the delivery area (street or township).</translation>
    </message>
    <message>
        <source>请填写详细地址（路、门牌号、楼栋房号）。</source>
        <translation>Please give the street address (road, number, building and flat).</translation>
    </message>
    <message>
        <source>详细地址过短，请写到门牌号。</source>
        <translation>The street address is too short: give it down to the house number.</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>正在查询您今天的预约…</source>
        <translation>Looking up your appointments for today…</translation>
    </message>
    <message>
        <source>没有查到您今天的预约。请返回首页取号排队，或到服务台咨询。</source>
        <translation>You have no appointment today. Please go back and take a queue ticket, or ask at the service desk.</translation>
    </message>
    <message>
        <source>您今天的预约（点击签到）：</source>
        <translation>Your appointments today (tap to check in):</translation>
    </message>
    <message>
        <source>已签到，排队号 %1</source>
        <translation>Checked in, ticket %1</translation>
    </message>
    <message>
        <source>点击签到</source>
        <translation>Tap to check in</translation>
    </message>
</context>
<context>
    <name>AuthorisePage</name>
    <message>
        <source>使用电子证照</source>
        <translation>Use your e-licences</translation>
    </message>
    <message>
        <source>本事项的以下材料可以用您的电子证照代替，无需扫描纸质材料：</source>
        <translation>For this service, your e-licences can stand for these documents, with nothing to scan:</translation>
    </message>
    <message>
        <source>同意后，本机将向政务服务平台调取您本人的上述电子证照，仅用于本次办理，调取记录可查。不同意也可以照常扫描纸质材料。</source>
        <translation>If you agree, this kiosk asks the government service platform for these e-licences of yours, for this application only; each use is recorded. If you do not, you scan the paper documents as usual.</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>不同意，扫描纸质材料</source>
        <translation>No, scan paper</translation>
    </message>
    <message>
        <source>同意调取</source>
        <translation>Yes, use them</translation>
    </message>
</context>
<context>
    <name>CodePage</name>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>请输入要评价的办件的回执编号，或将回执上的二维码放在高拍仪下（每次办理可评价一次）。</source>
        <translation>Enter the receipt number of the application you want to rate, or hold the QR code on your receipt under the document camera (each application can be rated once).</translation>
    </message>
    <message>
        <source>进度查询</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>请输入回执上的回执编号，或将回执上的二维码放在高拍仪下，或将身份证放在感应区查询本人的办件。输入排队号（如A012）或扫排队号上的二维码，可查看排队进度。</source>
        <translation>Enter the receipt code from your receipt, hold the receipt’s QR code under the document camera, or place your ID card on the reader to see your applications. Enter a queue ticket number (such as A012) or scan its QR code to see where it stands.</translation>
    </message>
    <message>
        <source>回执编号，如 K0001-261130-4ABCD7，短横线可不输</source>
        <translation>Receipt number, e.g. K0001-261130-4ABCD7 (the hyphens may be left out)</translation>
    </message>
    <message>
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>请确认后提交</source>
        <translation>Please check, then submit</translation>
    </message>
    <message>
        <source>申请内容</source>
        <translation>Your application</translation>
    </message>
    <message>
        <source>已扫描材料</source>
        <translation>Scanned materials</translation>
    </message>
    <message>
        <source>个人信息保护告知：本终端收集您的身份证信息、填写的内容和扫描的材料，仅用于办理您申请的事项，经加密保存在本机，上报政务服务平台后于30日内自动清除；不会用于其他用途。点击“确认提交”即表示您同意按上述方式处理。</source>
        <translation>Personal information notice: this terminal collects your ID card details, what you entered and the materials you scanned only to handle the service you apply for. They are stored encrypted on this terminal and erased automatically within 30 days after delivery to the government service platform; they are used for nothing else. By pressing &quot;Confirm and submit&quot; you agree to this.</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Back to change</translation>
    </message>
    <message>
        <source>确认提交</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <source>（%1页）</source>
        <translation> (pages: %1)</translation>
    </message>
    <message>
        <source>（电子证照 %1，免提交）</source>
        <translation> (e-licence %1, nothing to bring)</translation>
    </message>
    <message>
        <source>申请人：%1&#x3000;证件号码：%2</source>
        <translation>Applicant: %1&#x3000;ID number: %2</translation>
    </message>
    <message>
        <source>已扫描材料：</source>
        <translation>Scanned materials:</translation>
    </message>
    <message>
        <source>已收材料：</source>
        <translation>Documents received:</translation>
    </message>
    <message>
        <source>（手工录入，未读卡核验）</source>
        <translation> (entered by hand, not checked against a card)</translation>
    </message>
    <message>
        <source>已收材料</source>
        <translation>Documents received</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>请按一次性告知书带齐材料后再来办理。本次没有提交申请。</source>
        <translation>Please come back with all the materials listed in the one-time notice. No application was submitted this time.</translation>
    </message>
    <message>
        <source>请按办事指南准备材料。</source>
        <translation>Please prepare the materials listed in the guide.</translation>
    </message>
    <message>
        <source>请妥善保管回执，凭回执编号 %1 可随时查询进度。</source>
        <translation>Please keep your receipt: with the receipt number %1 you can check the progress at any time.</translation>
    </message>
    <message>
        <source>感谢您的评价。</source>
        <translation>Thank you for your rating.</translation>
    </message>
    <message>
        <source>办理结束，谢谢！</source>
        <translation>All done, thank you!</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>EnrolCodePage</name>
    <message>
        <source>验证码已发送到 %1，5分钟内有效。请输入短信中的6位验证码。</source>
        <translation>A code was sent to %1; it is valid for 5 minutes. Please enter the 6-digit code from the text message.</translation>
    </message>
    <message>
        <source>短信验证</source>
        <translation>Text message code</translation>
    </message>
    <message>
        <source>6位验证码</source>
        <translation>6-digit code</translation>
    </message>
    <message>
        <source>短信验证码</source>
        <translation>Text message code</translation>
    </message>
    <message>
        <source>重新获取</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>EnrolDonePage</name>
    <message>
        <source>注册成功！您的网上办事账号：%1</source>
        <translation>Registered! Your online government services account: %1</translation>
    </message>
    <message>
        <source>您已有网上办事账号 %1，已绑定为新的手机号。</source>
        <translation>You already have the account %1; it is now linked to the new mobile number.</translation>
    </message>
    <message>
        <source>登录方式：在“%1”网站或“%2”手机App，用手机号 %3 和短信验证码登录。</source>
        <translation>To sign in: on the “%1” website or the “%2” app, with the mobile number %3 and a text message code.</translation>
    </message>
    <message>
        <source>注册凭条正在打印，扫描凭条上的二维码即可打开网上办事大厅。</source>
        <translation>Your registration slip is being printed: scan its QR code to open the online service hall.</translation>
    </message>
    <message>
        <source>注册完成</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>注册结果</source>
        <translation>Registration result</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>EnrolPhonePage</name>
    <message>
        <source>%1，您好！注册网上办事账号后，可在网上和手机上办事、查进度，一次认证，终身受用。请输入您本人的手机号码，平台将发送6位验证码。</source>
        <translation>Hello %1! With an online account you can apply and follow your applications on the web and on your phone — verified once, for good. Please enter your own mobile number: the platform will send a 6-digit code.</translation>
    </message>
    <message>
        <source>网上办事注册</source>
        <translation>Register online</translation>
    </message>
    <message>
        <source>11位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>本机不设置、也不保存任何密码；登录网上办事大厅时用手机号和短信验证码。</source>
        <translation>This kiosk sets and keeps no password: you sign in to the online hall with your mobile number and a text message code.</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>获取验证码</source>
        <translation>Send code</translation>
    </message>
</context>
<context>
    <name>EvaluatePage</name>
    <message>
        <source>办理事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>请对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <source>请选择不满意的原因（可多选）</source>
        <translation>Why were you dissatisfied? (choose any)</translation>
    </message>
    <message>
        <source>其他意见（选填）</source>
        <translation>Other comments (optional)</translation>
    </message>
    <message>
        <source>其他意见</source>
        <translation>Other comments</translation>
    </message>
    <message>
        <source>跳过</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <source>请先选择满意程度，或点击“跳过”。</source>
        <translation>Please choose how satisfied you are first, or press &quot;Skip&quot;.</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>%1%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>设备就绪</source>
        <translation>Devices ready</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>请核对并填写申请信息</source>
        <translation>Please check and fill in the application</translation>
    </message>
    <message>
        <source>带 * 的为必填项；已根据身份证自动填写的内容请核对。</source>
        <translation>Fields marked * are required; please check what was filled in from your ID card.</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>打印指南</source>
        <translation>Print the guide</translation>
    </message>
    <message>
        <source>我要办理</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>IdentityCardView</name>
    <message>
        <source>请将证件放在读卡区</source>
        <translation>Please place the card on the reader</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>退格</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>长期</source>
        <translation>long-term</translation>
    </message>
    <message>
        <source>有效期至 %1</source>
        <translation>valid until %1</translation>
    </message>
    <message>
        <source>正在取号…</source>
        <translation>Taking a ticket…</translation>
    </message>
    <message>
        <source>正在签到…</source>
        <translation>Checking in…</translation>
    </message>
    <message>
        <source>正在发送验证码…</source>
        <translation>Sending the code…</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>注册凭条</source>
        <translation>registration slip</translation>
    </message>
    <message>
        <source>排队号</source>
        <translation>queue ticket</translation>
    </message>
    <message>
        <source>正在调取电子证照…</source>
        <translation>Getting your e-licences…</translation>
    </message>
    <message>
        <source>本机未初始化存储，不能验证技术人员密码。</source>
        <translation>This terminal&apos;s storage is not set up; the technician PIN cannot be checked.</translation>
    </message>
    <message>
        <source>测试页</source>
        <translation>test page</translation>
    </message>
    <message>
        <source>本终端尚未完成设置，暂不能打印，请咨询工作人员。</source>
        <translation>This terminal is not set up yet and cannot print. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>本机未连接高拍仪，请咨询工作人员。</source>
        <translation>This terminal has no document camera. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>正在拍摄…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <source>正在提交，请稍候…</source>
        <translation>Submitting, please wait…</translation>
    </message>
    <message>
        <source>缴款通知书</source>
        <translation>payment notice</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>result</translation>
    </message>
    <message>
        <source>回执</source>
        <translation>receipt</translation>
    </message>
    <message>
        <source>请输入回执上的回执编号。</source>
        <translation>Please enter the receipt number printed on your receipt.</translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation>one-time notice</translation>
    </message>
    <message>
        <source>正在打印%1…</source>
        <translation>Printing the %1…</translation>
    </message>
    <message>
        <source>请输入回执编号，或将身份证放在感应区。</source>
        <translation>Please enter the receipt number, or place your ID card on the reader.</translation>
    </message>
    <message>
        <source>本终端尚未完成设置，暂不能查询，请咨询工作人员。</source>
        <translation>This terminal is not set up yet and cannot look up applications. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>%1 · 自助服务</source>
        <translation>%1 · Self-service</translation>
    </message>
    <message>
        <source>关闭或打开语音提示</source>
        <translation>Turns the spoken prompts off or on</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Start over</translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>开启语音</source>
        <translation>Voice on</translation>
    </message>
    <message>
        <source>静音</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>第 %1 步，共 %2 步：%3</source>
        <translation>Step %1 of %2: %3</translation>
    </message>
    <message>
        <source>%1月%2日 %3</source>
        <translation>%1/%2 %3</translation>
    </message>
    <message>
        <source>您还在办理吗？%1秒后将返回首页，并清除您输入的信息。</source>
        <translation>Are you still there? In %1 seconds the kiosk goes back to the start and erases what you entered.</translation>
    </message>
    <message>
        <source>标准字体</source>
        <translation>Standard text</translation>
    </message>
    <message>
        <source>大字模式</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>切换到标准字号和配色</source>
        <translation>Switches to the standard text size and colours</translation>
    </message>
    <message>
        <source>切换到大字号、高对比度显示</source>
        <translation>Switches to large text with high contrast</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>材料还不齐全（一次性告知）</source>
        <translation>Some materials are missing (one-time notice)</translation>
    </message>
    <message>
        <source>返回补扫材料</source>
        <translation>Back to scan more</translation>
    </message>
    <message>
        <source>取走告知书，结束办理</source>
        <translation>Take the notice and finish</translation>
    </message>
    <message>
        <source>您申请的“%1”还需要以下材料，补齐后即可提交。本次没有提交任何申请。</source>
        <translation>&quot;%1&quot; still needs the materials below; once you have them all you can submit. Nothing was submitted this time.</translation>
    </message>
    <message>
        <source>正在打印一次性告知书…</source>
        <translation>Printing the one-time notice…</translation>
    </message>
</context>
<context>
    <name>QueryResultPage</name>
    <message>
        <source>查询结果</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>办理进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>返回，重新输入回执编号</source>
        <translation>Back, to type the receipt number again</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>没有查到办件。请核对回执编号；刚提交的申请上报后即可查到。</source>
        <translation>No application was found. Please check the receipt number; an application submitted just now can be found once it has been delivered.</translation>
    </message>
    <message>
        <source>（平台）</source>
        <translation> (platform)</translation>
    </message>
    <message>
        <source>（本机，待上报）</source>
        <translation> (this terminal, waiting to be delivered)</translation>
    </message>
    <message>
        <source>办件编号 %1</source>
        <translation>Application number %1</translation>
    </message>
    <message>
        <source>说明：%1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>缴费：已缴费（电子票据 %1）</source>
        <translation>Fees: paid (e-receipt %1)</translation>
    </message>
    <message>
        <source>缴费：待缴费 %1元，缴款码 %2</source>
        <translation>Fees: %1 yuan to pay, payment code %2</translation>
    </message>
    <message>
        <source>缴费：缴费状态待确认（暂时无法连接平台）</source>
        <translation>Fees: payment status not confirmed (the platform cannot be reached right now)</translation>
    </message>
    <message>
        <source>办理结果已寄出，寄递单号：%1</source>
        <translation>The result has been posted, tracking number: %1</translation>
    </message>
    <message>
        <source>您的评价已得到答复：%1</source>
        <translation>The hall has answered your rating: %1</translation>
    </message>
    <message>
        <source>回执编号 %1</source>
        <translation>Receipt number %1</translation>
    </message>
    <message>
        <source>当前状态：</source>
        <translation>Status: </translation>
    </message>
    <message>
        <source>排队号 %1（%2）</source>
        <translation>Ticket %1 (%2)</translation>
    </message>
    <message>
        <source>等候中，前面还有 %1 人</source>
        <translation>Waiting, %1 ahead</translation>
    </message>
    <message>
        <source>，预计等候 %1</source>
        <translation>, wait %1</translation>
    </message>
    <message>
        <source>正在叫号，请到 %1 办理</source>
        <translation>Being called: please go to %1</translation>
    </message>
    <message>
        <source>正在 %1 办理</source>
        <translation>Being served at %1</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已过号，请到服务台咨询</source>
        <translation>Missed: please ask at the service desk</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>这不是今天的排队号。</source>
        <translation>This is not a ticket of today.</translation>
    </message>
</context>
<context>
    <name>QueueCategoryPage</name>
    <message>
        <source>取号：请选择业务类别</source>
        <translation>Queue ticket: choose a service</translation>
    </message>
    <message>
        <source>残疾人优先</source>
        <translation>Disabled: called first</translation>
    </message>
    <message>
        <source>军人、消防救援人员优先</source>
        <translation>Service member, firefighter: called first</translation>
    </message>
    <message>
        <source>选择优先的，到窗口时请出示残疾人证或相关证件。</source>
        <translation>If you choose priority, show your disability card or service ID at the window.</translation>
    </message>
    <message>
        <source>不知道选哪一类？输入要办的事，如“身份证”“社保”：</source>
        <translation>Not sure which? Type what you need, e.g. “ID card” or “social insurance”:</translation>
    </message>
    <message>
        <source>按事项查找业务类别</source>
        <translation>Find the queue by service</translation>
    </message>
    <message>
        <source>事项名称或拼音首字母</source>
        <translation>Service name or pinyin initials</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>已读取身份证：%1</source>
        <translation>ID card read: %1</translation>
    </message>
    <message>
        <source>未刷身份证：部分业务须刷身份证取号。</source>
        <translation>No ID card: some services need one for a ticket.</translation>
    </message>
    <message>
        <source>大厅排队系统连接中断，号码照常发放，等候人数暂不显示。</source>
        <translation>The hall’s queue system is offline: tickets are issued as usual, waiting counts are not shown.</translation>
    </message>
    <message>
        <source>无人等候</source>
        <translation>Nobody waiting</translation>
    </message>
    <message>
        <source>等候 %1 人</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>须刷身份证取号</source>
        <translation>ID card needed</translation>
    </message>
</context>
<context>
    <name>ReadCardPage</name>
    <message>
        <source>请将身份证放在感应区</source>
        <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
        <source>请将第二代居民身份证（或港澳台居民居住证、外国人永久居留身份证）平放在屏幕下方的读卡区，读取完成前请不要移开。</source>
        <translation>Lay your resident identity card (or residence permit for Hong Kong, Macao and Taiwan residents, or foreigner&apos;s permanent residence ID card) flat on the reader below the screen, and leave it there until it has been read.</translation>
    </message>
    <message>
        <source>刷卡取号，老年人优先叫号；没带身份证也可直接取号。</source>
        <translation>With your card older people are called first; without a card you can still take a ticket.</translation>
    </message>
    <message>
        <source>刷卡后显示您今天的预约。</source>
        <translation>Your appointments for today are shown after the card is read.</translation>
    </message>
    <message>
        <source>没带身份证，直接取号</source>
        <translation>No ID card: take a ticket</translation>
    </message>
    <message>
        <source>没带身份证？手工输入证件号码</source>
        <translation>No ID card with you? Enter the ID number by hand</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>Citizen ID number</translation>
    </message>
    <message>
        <source>手工输入仅限部分事项，申请将标记为“未读卡核验”，需要时请到窗口核验身份。</source>
        <translation>Entering by hand is possible for some services only; the application is marked &quot;not checked against a card&quot;, and you may be asked to prove your identity at a counter.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>申请已提交</source>
        <translation>Application submitted</translation>
    </message>
    <message>
        <source>您的回执编号（查询进度时使用）：</source>
        <translation>Your receipt number (to check the progress):</translation>
    </message>
    <message>
        <source>重新打印回执</source>
        <translation>Print the receipt again</translation>
    </message>
    <message>
        <source>下一步：服务评价</source>
        <translation>Next: rate the service</translation>
    </message>
    <message>
        <source>回执编号 %1</source>
        <translation>Receipt number %1</translation>
    </message>
    <message>
        <source>您的申请已保存在本终端，将自动上报政务服务平台；上报后生成正式办件编号，凭回执编号即可查询。</source>
        <translation>Your application is saved on this terminal and will be delivered to the government service platform automatically; it then gets its official application number, and you can check it with your receipt number.</translation>
    </message>
    <message>
        <source>正在打印回执…</source>
        <translation>Printing the receipt…</translation>
    </message>
    <message>
        <source>本事项为即办件，正在提交政务服务平台即时办理…</source>
        <translation>This service is decided at once: sending it to the government service platform…</translation>
    </message>
    <message>
        <source>本事项为即办件：网络恢复、上报政务服务平台后即自动办理，请凭回执编号查询并领取办理结果。</source>
        <translation>This service is decided at once by the platform: it will be decided as soon as the kiosk is back online. Use your receipt code to see and collect the result.</translation>
    </message>
    <message>
        <source>本事项需缴费 %1元：缴款通知书正在打印，请用手机扫描其上的二维码缴费。缴费成功后政务服务平台即时办结，可凭回执编号在“进度查询”中查看。</source>
        <translation>This service costs %1 yuan: the payment notice is being printed — scan its QR code with your phone to pay. Once paid, the platform completes it at once; see it under “Check progress” with your receipt number.</translation>
    </message>
    <message>
        <source>已办结！%1已由政务服务平台出具，正在打印，请取走。</source>
        <translation>Done! The platform has issued your %1; it is printing — please take it.</translation>
    </message>
    <message>
        <source>您也可以记下上方的回执编号，到服务窗口凭编号补打。</source>
        <translation> You can also note the receipt number above and have the receipt printed at a service counter.</translation>
    </message>
</context>
<context>
    <name>ReviewPadWidget</name>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <source>评价匿名，工作人员看不到您的身份信息</source>
        <translation>Ratings are anonymous: staff cannot see who you are</translation>
    </message>
    <message>
        <source>暂不评价</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>其他意见（选填，500字以内）</source>
        <translation>Other comments (optional, up to 500 characters)</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <source>请将材料逐页放在高拍仪下</source>
        <translation>Place your materials under the document camera, one page at a time</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>需要扫描的材料</source>
        <translation>Materials to scan</translation>
    </message>
    <message>
        <source>拍摄提示</source>
        <translation>Camera guidance</translation>
    </message>
    <message>
        <source>正在打开高拍仪…</source>
        <translation>Opening the document camera…</translation>
    </message>
    <message>
        <source>高拍仪画面</source>
        <translation>Document camera view</translation>
    </message>
    <message>
        <source>还没有拍摄。材料放平后会自动拍照。</source>
        <translation>Nothing captured yet. A page lying flat is captured by itself.</translation>
    </message>
    <message>
        <source>第%1页</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>重拍第%1页</source>
        <translation>Retake page %1</translation>
    </message>
    <message>
        <source>重拍</source>
        <translation>Retake</translation>
    </message>
    <message>
        <source>已拍摄的页</source>
        <translation>Captured pages</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Capture</translation>
    </message>
    <message>
        <source>扫描完成，下一步</source>
        <translation>Scanning done, next</translation>
    </message>
    <message>
        <source>必交</source>
        <translation>required</translation>
    </message>
    <message>
        <source>如有请提交</source>
        <translation>if you have it</translation>
    </message>
    <message>
        <source>已调取电子证照：%1（%2，%3），无需扫描。如要提交纸质材料，放在高拍仪下拍摄即可。</source>
        <translation>E-licence received: %1 (%2, %3); nothing to scan. To hand in the paper one instead, place it under the camera.</translation>
    </message>
    <message>
        <source>（%1页）</source>
        <translation> (pages: %1)</translation>
    </message>
    <message>
        <source>（电子证照）</source>
        <translation> (e-licence)</translation>
    </message>
    <message>
        <source>，保持不动即可自动拍照</source>
        <translation> — keep it still to capture it</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>您要办理什么事？</source>
        <translation>What do you need to do?</translation>
    </message>
    <message>
        <source>搜索事项</source>
        <translation>Search services</translation>
    </message>
    <message>
        <source>输入事项名称、拼音或首字母，如：身份证、shebao、sfz</source>
        <translation>Type what you need in English, Chinese or Pinyin, e.g. passport, shebao, sfz</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>清除输入的内容</source>
        <translation>Clear what was typed</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>搜索结果（选择一项查看办事指南）</source>
        <translation>Search results (choose one to see its guide)</translation>
    </message>
    <message>
        <source>查看所选事项的办事指南</source>
        <translation>Show the chosen service&apos;s guide</translation>
    </message>
    <message>
        <source>常用：身份证 · 社保 · 医保 · 户口 · 公积金 · 结婚登记</source>
        <translation>Try: ID card · social insurance · medical insurance · hukou · housing fund · marriage</translation>
    </message>
    <message>
        <source>没有找到“%1”，请换个说法，或咨询工作人员。</source>
        <translation>Nothing found for &quot;%1&quot;. Please try other words (English, Chinese or Pinyin), or ask a member of staff.</translation>
    </message>
    <message>
        <source>找到 %1 项以上，请输入更具体的名称；或点击查看办事指南</source>
        <translation>More than %1 found: type a more precise name, or tap one to see its guide</translation>
    </message>
    <message>
        <source>找到 %1 项，点击查看办事指南</source>
        <translation>%1 found; tap one to see its guide</translation>
    </message>
    <message>
        <source>（另有%1个办理点）</source>
        <translation> (and %1 other offices)</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <source>请委托人在此处手写签名</source>
        <translation>The applicant signs here by hand</translation>
    </message>
    <message>
        <source>请委托人在此签名</source>
        <translation>Applicant, please sign here</translation>
    </message>
</context>
<context>
    <name>TechnicianPage</name>
    <message>
        <source>技术人员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>终端状态</source>
        <translation>Terminal state</translation>
    </message>
    <message>
        <source>高拍仪实时画面</source>
        <translation>Document camera live view</translation>
    </message>
    <message>
        <source>读卡测试结果</source>
        <translation>Card read test result</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Start over</translation>
    </message>
    <message>
        <source>测试打印</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>退出自助程序</source>
        <translation>Quit the kiosk</translation>
    </message>
    <message>
        <source>高拍仪：等待画面…</source>
        <translation>Document camera: waiting for a picture…</translation>
    </message>
    <message>
        <source>读卡测试：请将身份证放在感应区</source>
        <translation>Card read test: place an ID card on the reader</translation>
    </message>
    <message>
        <source>高拍仪：</source>
        <translation>Document camera: </translation>
    </message>
    <message>
        <source>读卡测试：读取成功 </source>
        <translation>Card read test: read </translation>
    </message>
</context>
<context>
    <name>TechnicianPinPage</name>
    <message>
        <source>技术人员验证</source>
        <translation>Technician sign-in</translation>
    </message>
    <message>
        <source>已输入的密码位数</source>
        <translation>Digits entered</translation>
    </message>
    <message>
        <source>数字 </source>
        <translation>Digit </translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>请输入技术人员密码</source>
        <translation>Enter the technician PIN</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <source>取号成功</source>
        <translation>Your ticket</translation>
    </message>
    <message>
        <source>重新打印排队号</source>
        <translation>Print the ticket again</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>正在打印排队号…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>您的排队号 %1</source>
        <translation>Your ticket number %1</translation>
    </message>
    <message>
        <source>（预约）</source>
        <translation> (appointment)</translation>
    </message>
    <message>
        <source>前面还有 %1 人</source>
        <translation>%1 ahead of you</translation>
    </message>
    <message>
        <source>预计等候 %1</source>
        <translation>Wait %1</translation>
    </message>
    <message>
        <source>请留意叫号屏和语音叫号；过号请到服务台咨询。</source>
        <translation>Watch the display and listen for your number; if you miss it, ask at the service desk.</translation>
    </message>
    <message>
        <source>大厅排队系统连接中断，本号码由本机发放，叫号不受影响。</source>
        <translation>The hall’s queue system is offline: this number was issued by this kiosk and will be called as usual. </translation>
    </message>
    <message>
        <source>您将被优先叫号。</source>
        <translation> You will be called first.</translation>
    </message>
    <message>
        <source>请记下上方的排队号，留意叫号。</source>
        <translation> Please note your number above and listen for it.</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <source>屏幕键盘</source>
        <translation>On-screen keyboard</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>换行</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>收起键盘</source>
        <translation>Hide keyboard</translation>
    </message>
    <message>
        <source>切换中文或英文</source>
        <translation>Switch Chinese or English</translation>
    </message>
    <message>
        <source>大写</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>数字和符号</source>
        <translation>Numbers and symbols</translation>
    </message>
    <message>
        <source>字母</source>
        <translation>Letters</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>我要办事</source>
        <translation>Apply for a service</translation>
    </message>
    <message>
        <source>刷身份证，填写信息，
扫描材料，提交申请</source>
        <translation>Read your ID card, fill in
the form, scan, submit</translation>
    </message>
    <message>
        <source>取号排队</source>
        <translation>Queue ticket</translation>
    </message>
    <message>
        <source>到窗口办理前
先取排队号</source>
        <translation>Take a number
before the window</translation>
    </message>
    <message>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>已在网上预约的，
刷身份证签到</source>
        <translation>Booked online?
Check in with your ID</translation>
    </message>
    <message>
        <source>进度查询</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>用回执编号、排队号
或身份证查询进度</source>
        <translation>By receipt code,
ticket or ID card</translation>
    </message>
    <message>
        <source>打印办事指南</source>
        <translation>Print a service guide</translation>
    </message>
    <message>
        <source>查看并打印要带的材料
和办理要求</source>
        <translation>What to bring
and what it takes</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>用回执编号对
办理过的事项进行评价</source>
        <translation>Rate a service you used,
with its receipt number</translation>
    </message>
    <message>
        <source>网上办事注册</source>
        <translation>Register online</translation>
    </message>
    <message>
        <source>刷身份证注册，一次认证终身受用</source>
        <translation>with your ID card, verified once for good</translation>
    </message>
    <message>
        <source>您好，请选择要办理的业务</source>
        <translation>Welcome. What would you like to do?</translation>
    </message>
    <message>
        <source>需要帮助？请到咨询台，或向身边的大厅工作人员求助。</source>
        <translation>Need help? Go to the information desk, or ask any member of the hall staff.</translation>
    </message>
</context>
<context>
    <name>guide</name>
    <message>
        <source>实施机关：</source>
        <translation>Office: </translation>
    </message>
    <message>
        <source>办件类型：</source>
        <translation>Handling: </translation>
    </message>
    <message>
        <source>承诺时限：</source>
        <translation>Promised time: </translation>
    </message>
    <message>
        <source>法定时限：</source>
        <translation>Legal time limit: </translation>
    </message>
    <message>
        <source>到现场次数：</source>
        <translation>Visits needed: </translation>
    </message>
    <message>
        <source>%1次</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>办理条件：</source>
        <translation>Conditions: </translation>
    </message>
    <message>
        <source>设定依据：</source>
        <translation>Legal basis: </translation>
    </message>
    <message>
        <source>（%1%2份）</source>
        <translation> (%1 ×%2)</translation>
    </message>
    <message>
        <source>必交</source>
        <translation>required</translation>
    </message>
    <message>
        <source>如有</source>
        <translation>if any</translation>
    </message>
    <message>
        <source>可用电子证照“%1”代替</source>
        <translation>The e-licence &quot;%1&quot; can replace it</translation>
    </message>
    <message>
        <source>在代办站当场电子签署的可代替</source>
        <translation>May be signed on screen at an agent station instead</translation>
    </message>
    <message>
        <source>申请材料：</source>
        <translation>Materials:</translation>
    </message>
    <message>
        <source>不收费</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <source>%1元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>依据：%1</source>
        <translation>Basis: %1</translation>
    </message>
    <message>
        <source>收费单位：%1</source>
        <translation>Collected by: %1</translation>
    </message>
    <message>
        <source>受理后凭缴款通知书上的缴款码用手机缴费。</source>
        <translation>Once accepted, pay by phone with the code on the payment notice.</translation>
    </message>
    <message>
        <source>收费：</source>
        <translation>Fees: </translation>
    </message>
    <message>
        <source>办事指南全文：</source>
        <translation>The full guide (as published):</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <source>您好，请选择要办理的业务。</source>
        <translation>Welcome. Please choose what you would like to do.</translation>
    </message>
    <message>
        <source>请将身份证平放在感应区，读取完成前请不要移开。</source>
        <translation>Lay your ID card flat on the reader and leave it there until it has been read.</translation>
    </message>
    <message>
        <source>请输入或选择要办理的事项。</source>
        <translation>Type or choose the service you need.</translation>
    </message>
    <message>
        <source>这是办事指南，请查看需要的材料。</source>
        <translation>This is the service guide. Please see which materials are needed.</translation>
    </message>
    <message>
        <source>请核对并填写申请信息。</source>
        <translation>Please check and fill in the application.</translation>
    </message>
    <message>
        <source>请将材料平放在高拍仪下，保持不动即可自动拍摄。</source>
        <translation>Lay each page flat under the document camera and keep it still: it is captured by itself.</translation>
    </message>
    <message>
        <source>材料还不齐全，请取走一次性告知书。</source>
        <translation>Some materials are missing. Please take the one-time notice.</translation>
    </message>
    <message>
        <source>请核对申请信息，确认后提交。</source>
        <translation>Please check your application, then submit it.</translation>
    </message>
    <message>
        <source>申请已提交，请取走回执。</source>
        <translation>Your application has been submitted. Please take your receipt.</translation>
    </message>
    <message>
        <source>请对本次服务进行评价。</source>
        <translation>Please rate this service.</translation>
    </message>
    <message>
        <source>感谢您的使用，再见。</source>
        <translation>Thank you, goodbye.</translation>
    </message>
    <message>
        <source>请输入回执编号，或放置身份证查询办理进度。</source>
        <translation>Enter your receipt number, or place your ID card on the reader, to check the progress.</translation>
    </message>
    <message>
        <source>这是办理进度。</source>
        <translation>This is the progress of your application.</translation>
    </message>
    <message>
        <source>请输入要评价的办件的回执编号。</source>
        <translation>Enter the receipt number of the application you want to rate.</translation>
    </message>
    <message>
        <source>请选择要办理的业务类别，取号后请留意叫号。</source>
        <translation>Choose a service, then listen for your number.</translation>
    </message>
    <message>
        <source>请选择要签到的预约。</source>
        <translation>Choose the appointment to check in.</translation>
    </message>
    <message>
        <source>取号成功，请取走排队号，留意叫号。</source>
        <translation>Please take your ticket and listen for your number.</translation>
    </message>
    <message>
        <source>是否同意调取您的电子证照，免交相应纸质材料？</source>
        <translation>May the kiosk use your e-licences instead of paper documents?</translation>
    </message>
    <message>
        <source>请输入您本人的手机号码，我们将发送短信验证码。</source>
        <translation>Please enter your own mobile number; we will send a text message code.</translation>
    </message>
    <message>
        <source>请输入短信中的6位验证码。</source>
        <translation>Please enter the 6-digit code from the text message.</translation>
    </message>
    <message>
        <source>注册完成，请取走注册凭条。</source>
        <translation>Registered. Please take your registration slip.</translation>
    </message>
</context>
<context>
    <name>queue</name>
    <message>
        <source>无需等待</source>
        <translation>no wait</translation>
    </message>
    <message>
        <source>约%1分钟</source>
        <translation>about %1 min</translation>
    </message>
</context>
</TS>
